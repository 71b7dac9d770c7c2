package carafe.mail;

/** Text flattened to one line of bounded length, for logs and for user text inside a mail. */
final class OneLine {
    private OneLine() {}

    /**
     * Control characters (CR, LF, ...) and runs of white space become one space, so the text can
     * neither forge a log line nor start a paragraph of its own; longer text is cut to {@code maxLength}.
     */
    static String of(String text, int maxLength) {
        String flat = text.replaceAll("[\\p{Cntrl}\\s]+", " ").strip();
        return flat.length() <= maxLength ? flat : flat.substring(0, maxLength - 3) + "...";
    }
}
