package carafe.web;

import java.util.List;
import java.util.Map;

/**
 * A submitted form to show again: the values the user typed (never passwords) and the message for
 * each invalid field, or one message for the whole form.
 */
public record FormState(Map<String, String> values, List<ValidationFailed.FieldError> errors, String formError) {
    public static final FormState EMPTY = new FormState(Map.of(), List.of(), null);

    public static FormState of(Map<String, String> values) {
        return new FormState(values, List.of(), null);
    }

    public FormState withErrors(List<ValidationFailed.FieldError> fieldErrors) {
        return new FormState(values, fieldErrors, formError);
    }

    public FormState withFormError(String message) {
        return new FormState(values, errors, message);
    }

    public String value(String field) {
        return values.getOrDefault(field, "");
    }

    /** The first message for the field, or null. */
    public String error(String field) {
        return errors.stream().filter(e -> e.field().equals(field)).map(ValidationFailed.FieldError::message)
                .findFirst().orElse(null);
    }

    public boolean checked(String field) {
        return "on".equals(values.get(field)) || "true".equals(values.get(field));
    }
}
