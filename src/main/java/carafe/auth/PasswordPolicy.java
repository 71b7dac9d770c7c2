package carafe.auth;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.HashSet;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * What a new password must be (SPEC §6, ASVS 5.0 6.2): 8 to 1024 characters of any kind, counted
 * after Unicode normalisation, and not one of the most common breached passwords.
 */
public final class PasswordPolicy {
    public static final int MIN_LENGTH = 8;
    public static final int MAX_LENGTH = 1024;

    /** zxcvbn's list of the 30 000 passwords most often found in breaches, shipped in its jar. */
    private static final String COMMON_PASSWORDS = "/com/nulabinc/zxcvbn/matchers/dictionaries/passwords.txt";

    private final Set<String> common;

    public PasswordPolicy() {
        this.common = loadCommonPasswords();
    }

    /**
     * NFKC: the same password typed on different keyboards or systems (composed or decomposed accents,
     * full-width digits) gives the same bytes. Applied identically when setting and when verifying
     * (ASVS 5.0 6.2.8); see docs/decisions/0004-password-normalisation.md.
     */
    public static String normalize(String password) {
        return Normalizer.normalize(password, Normalizer.Form.NFKC);
    }

    /** The reason a new password is refused, or empty when it is acceptable. */
    public Optional<String> problem(String password) {
        if (password == null || password.isEmpty()) return Optional.of("is required");
        String normalized = normalize(password);
        int length = normalized.codePointCount(0, normalized.length());
        if (length < MIN_LENGTH) return Optional.of("must be at least " + MIN_LENGTH + " characters");
        if (length > MAX_LENGTH) return Optional.of("must be at most " + MAX_LENGTH + " characters");
        if (common.contains(normalized.toLowerCase(Locale.ROOT))) {
            return Optional.of("is one of the most common passwords; choose another");
        }
        return Optional.empty();
    }

    private static Set<String> loadCommonPasswords() {
        var set = new HashSet<String>();
        try (InputStream in = PasswordPolicy.class.getResourceAsStream(COMMON_PASSWORDS)) {
            if (in == null) throw new IllegalStateException("The common-password list is missing from the classpath");
            var reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                String word = line.strip();
                // Shorter ones are refused by the length rule already.
                if (word.length() >= MIN_LENGTH) set.add(word.toLowerCase(Locale.ROOT));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(set);
    }
}
