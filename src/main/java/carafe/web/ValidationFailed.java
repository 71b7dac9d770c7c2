package carafe.web;

import java.util.List;

/** 422 with one entry per invalid field, so forms and clients can show each message next to its field. */
public final class ValidationFailed extends HttpProblem {
    private final List<FieldError> errors;

    public ValidationFailed(List<FieldError> errors) {
        super(422, "Invalid request", "Some fields are invalid; see errors.");
        this.errors = List.copyOf(errors);
    }

    public ValidationFailed(String field, String message) {
        this(List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }

    public record FieldError(String field, String message) {}
}
