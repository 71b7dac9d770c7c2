package carafe.web;

/** Checks on text that arrives from clients, shared by JSON bodies and HTML forms. */
public final class Text {
    private Text() {}

    /** True when the text has no NUL and no unpaired surrogate, so it is valid Unicode any database stores. */
    public static boolean isWellFormed(CharSequence text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\0') return false;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                    i++;
                    continue;
                }
                return false;
            }
            if (Character.isLowSurrogate(c)) return false;
        }
        return true;
    }

    /**
     * Cuts text that a client chose (an IP from a header, a User-Agent) to a column's size, never
     * inside a surrogate pair, so storing it cannot fail and cannot be made to fail.
     */
    public static String truncate(String value, int max) {
        if (value == null || value.length() <= max) return value;
        int end = Character.isHighSurrogate(value.charAt(max - 1)) ? max - 1 : max;
        return value.substring(0, end);
    }
}
