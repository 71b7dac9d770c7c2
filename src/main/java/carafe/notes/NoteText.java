package carafe.notes;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the pages show a note's parts. Escaping is the templates' job; this only shortens and formats. */
public final class NoteText {
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);
    private static final int EXCERPT = 160;

    private NoteText() {}

    public static String when(Instant instant) {
        return WHEN.format(instant);
    }

    /** The start of the body, cut on a character boundary with an ellipsis. */
    public static String excerpt(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        if (flat.length() <= EXCERPT) return flat;
        int end = EXCERPT;
        if (Character.isHighSurrogate(flat.charAt(end - 1))) end--;
        return flat.substring(0, end) + "…";
    }
}
