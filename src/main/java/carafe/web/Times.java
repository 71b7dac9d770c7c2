package carafe.web;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How pages show a moment, "25 Nov 2026, 06:33 UTC", and a day, "25 Nov 2026" (the API keeps ISO-8601). */
public final class Times {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy");

    private Times() {}

    public static String when(Instant instant) {
        return instant == null ? "never" : WHEN.format(instant);
    }

    public static String day(LocalDate date) {
        return DAY.format(date);
    }
}
