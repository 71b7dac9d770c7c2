package carafe.web;

import io.javalin.http.Context;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Function;

/**
 * One submitted HTML form, read into typed values: text, whole numbers, dates, times and yes/no. A value
 * that cannot be read is null and an error for its field, with the same words a JSON body gets
 * ({@link Expected}); {@link #errors} adds the request record's own constraints for the other fields.
 * Empty inputs are absent (null), which an optional field stores as such and a required one refuses.
 */
public final class FormInput {
    private final Context ctx;
    private final RequestValidator validator;
    private final FormState submitted;
    private final List<ValidationFailed.FieldError> unreadable = new ArrayList<>();

    FormInput(Context ctx, RequestValidator validator, String... fields) {
        this.ctx = ctx;
        this.validator = validator;
        this.submitted = Forms.submitted(ctx, fields);
    }

    /** The values as typed, to show the form again. */
    public FormState state() {
        return submitted;
    }

    /** Text as typed; null when left empty or when it is not valid Unicode (then an error). */
    public String text(String field) {
        String value = present(field);
        if (value != null && !Text.isWellFormed(value)) return unreadable(field, "contains characters that are not allowed");
        return value;
    }

    public Integer wholeNumber(String field) {
        return parsed(field, Integer::valueOf, Expected.WHOLE_NUMBER);
    }

    /** A checkbox: ticked or not, never absent. */
    public Boolean checkbox(String field) {
        String value = ctx.formParam(field);
        return "on".equals(value) || "true".equals(value);
    }

    /** A choice of "true", "false" or nothing (an optional yes/no). */
    public Boolean yesOrNo(String field) {
        String value = present(field);
        if (value == null) return null;
        return switch (value) {
            case "true" -> true;
            case "false" -> false;
            default -> unreadable(field, Expected.YES_OR_NO);
        };
    }

    /** A date as {@code <input type="date">} sends it: 2026-03-01. */
    public LocalDate date(String field) {
        return parsed(field, LocalDate::parse, Expected.DATE);
    }

    /**
     * A moment: {@code <input type="datetime-local">} sends 2026-03-01T09:30 without a zone, which the
     * pages label and read as UTC (times are UTC everywhere, SPEC §4); a time with an offset is taken as is.
     */
    public Instant time(String field) {
        return parsed(field, FormInput::utcUnlessZoned, Expected.TIME);
    }

    private static Instant utcUnlessZoned(String text) {
        TemporalAccessor parsed = DateTimeFormatter.ISO_DATE_TIME.parseBest(text, OffsetDateTime::from, LocalDateTime::from);
        return parsed instanceof OffsetDateTime zoned ? zoned.toInstant() : ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC);
    }

    /**
     * Everything wrong with the form built into {@code request}, sorted by field: first the values that
     * could not be read, then the record's constraints on the other fields (a date that was not one is
     * not also "required").
     */
    public List<ValidationFailed.FieldError> errors(Object request) {
        Set<String> reported = new HashSet<>();
        var errors = new ArrayList<>(unreadable);
        unreadable.forEach(error -> reported.add(error.field()));
        for (var error : validator.errors(request)) {
            if (!reported.contains(error.field())) errors.add(error);
        }
        errors.sort(Comparator.comparing(ValidationFailed.FieldError::field));
        return errors;
    }

    /** How a value is put back into an input: what {@link #time} reads, in UTC, without a zone. */
    public static String inputValue(Instant time) {
        return LocalDateTime.ofInstant(time, ZoneOffset.UTC).toString();
    }

    /**
     * The form of a saved row: {@code filled("title", note.title(), "due", note.due())}, each value as its
     * input shows it (times as {@link #inputValue}), nulls left empty.
     */
    public static FormState filled(Object... fieldsAndValues) {
        var shown = new HashMap<String, String>();
        for (int i = 0; i < fieldsAndValues.length; i += 2) {
            Object value = fieldsAndValues[i + 1];
            if (value == null) continue;
            shown.put((String) fieldsAndValues[i], value instanceof Instant time ? inputValue(time) : value.toString());
        }
        return FormState.of(shown);
    }

    /** The stripped input read by {@code parse}; null when empty, and null with an error when it does not parse. */
    private <T> T parsed(String field, Function<String, T> parse, String message) {
        String value = present(field);
        if (value == null) return null;
        try {
            return parse.apply(value.strip());
        } catch (NumberFormatException | DateTimeException e) {
            return unreadable(field, message);
        }
    }

    private String present(String field) {
        String value = ctx.formParam(field);
        return value == null || value.isEmpty() ? null : value;
    }

    private <T> T unreadable(String field, String message) {
        unreadable.add(new ValidationFailed.FieldError(field, message));
        return null;
    }
}
