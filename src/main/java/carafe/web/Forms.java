package carafe.web;

import io.javalin.http.Context;
import java.util.HashMap;
import java.util.List;

/**
 * Reading HTML forms the same way on every page: the values to show again, and the messages for the
 * fields that are wrong (text that is not valid Unicode first, then the request record's constraints).
 */
public final class Forms {
    private final RequestValidator validator;

    public Forms(RequestValidator validator) {
        this.validator = validator;
    }

    /** The named fields as submitted, to put back in the form; never list a password here. */
    public static FormState submitted(Context ctx, String... fields) {
        var values = new HashMap<String, String>();
        for (String field : fields) {
            String value = ctx.formParam(field);
            if (value != null) values.put(field, value);
        }
        return FormState.of(values);
    }

    /** The named fields of a submitted form, to read as typed values ({@link FormInput}). */
    public FormInput read(Context ctx, String... fields) {
        return new FormInput(ctx, validator, fields);
    }

    /** What is wrong with a form built into {@code request}; empty when it may be used. */
    public List<ValidationFailed.FieldError> errors(Context ctx, Object request, String... fields) {
        for (String field : fields) {
            String value = ctx.formParam(field);
            if (value != null && !Text.isWellFormed(value)) {
                return List.of(new ValidationFailed.FieldError(field, "contains characters that are not allowed"));
            }
        }
        return validator.errors(request);
    }

    /** The same errors, with one field named as the page's form names it (two forms on a page share no names). */
    public static List<ValidationFailed.FieldError> renamed(List<ValidationFailed.FieldError> errors, String from,
                                                            String to) {
        return errors.stream().map(e -> e.field().equals(from) ? new ValidationFailed.FieldError(to, e.message()) : e)
                .toList();
    }
}
