package carafe.notes;

/** How the pages show a note's body. Escaping is the templates' job; this only shortens. */
public final class NoteText {
    private static final int EXCERPT = 160;

    private NoteText() {}

    /** The start of the body, cut on a character boundary with an ellipsis. */
    public static String excerpt(String body) {
        String flat = body.strip().replaceAll("\\s+", " ");
        if (flat.length() <= EXCERPT) return flat;
        int end = EXCERPT;
        if (Character.isHighSurrogate(flat.charAt(end - 1))) end--;
        return flat.substring(0, end) + "…";
    }
}
