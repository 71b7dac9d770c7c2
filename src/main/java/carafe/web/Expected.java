package carafe.web;

import java.time.Instant;
import java.time.LocalDate;

/**
 * What a value of each kind must look like, said once for HTML forms ({@link FormInput}) and JSON
 * bodies ({@link JsonBody}) alike, so a bad date reads the same on a page and in a 422.
 */
public final class Expected {
    public static final String WHOLE_NUMBER = "must be a whole number from " + Integer.MIN_VALUE + " to " + Integer.MAX_VALUE;
    public static final String DATE = "must be a date like 2026-03-01";
    public static final String TIME = "must be a time like 2026-03-01T09:30:00Z";
    public static final String YES_OR_NO = "must be true or false";
    public static final String TEXT = "is not valid text";
    public static final String OTHER = "has the wrong type";

    private Expected() {}

    /** The message for a value that could not be read as {@code type}. */
    public static String of(Class<?> type) {
        if (type == Integer.class || type == int.class) return WHOLE_NUMBER;
        if (type == LocalDate.class) return DATE;
        if (type == Instant.class) return TIME;
        if (type == Boolean.class || type == boolean.class) return YES_OR_NO;
        if (type == String.class) return TEXT;
        return OTHER;
    }
}
