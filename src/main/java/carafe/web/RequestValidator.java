package carafe.web;

import jakarta.validation.ConstraintViolation;
import jakarta.validation.Validation;
import jakarta.validation.Validator;
import jakarta.validation.ValidatorFactory;
import java.util.Comparator;
import java.util.List;
import org.hibernate.validator.messageinterpolation.ParameterMessageInterpolator;

/** Bean Validation of request records; every violation becomes a field error of a 422. */
public final class RequestValidator implements AutoCloseable {
    private final ValidatorFactory factory;
    private final Validator validator;

    public RequestValidator() {
        // The parameter interpolator needs no expression language: messages use {min}/{max} only.
        this.factory = Validation.byDefaultProvider().configure()
                .messageInterpolator(new ParameterMessageInterpolator())
                .buildValidatorFactory();
        this.validator = factory.getValidator();
    }

    /** Returns the field errors of a request, sorted by field name (empty when valid). */
    public List<ValidationFailed.FieldError> errors(Object request) {
        return validator.validate(request).stream()
                .sorted(Comparator.comparing((ConstraintViolation<Object> v) -> v.getPropertyPath().toString())
                        .thenComparing(ConstraintViolation::getMessage))
                .map(v -> new ValidationFailed.FieldError(v.getPropertyPath().toString(), v.getMessage()))
                .toList();
    }

    /** Throws a 422 listing every invalid field. */
    public <T> T check(T request) {
        var errors = errors(request);
        if (!errors.isEmpty()) throw new ValidationFailed(errors);
        return request;
    }

    @Override
    public void close() {
        factory.close();
    }
}
