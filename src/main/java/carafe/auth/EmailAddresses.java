package carafe.auth;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/** One spelling per address, so uniqueness and look-ups are case-insensitive. */
public final class EmailAddresses {
    public static final int MAX_LENGTH = 254; // RFC 5321 path limit
    private static final Pattern PLAUSIBLE = Pattern.compile("[^@\\s]+@[^@\\s.]+(\\.[^@\\s.]+)+");

    private EmailAddresses() {}

    /** Trims, applies NFKC and lower-cases; the stored form. */
    public static String normalize(String email) {
        return email == null ? "" : Normalizer.normalize(email.strip(), Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
    }

    /** A deliberately loose check: one @, a dotted domain, no spaces. The confirmation mail is the real test. */
    public static boolean isPlausible(String normalized) {
        return normalized.length() <= MAX_LENGTH && PLAUSIBLE.matcher(normalized).matches();
    }
}
