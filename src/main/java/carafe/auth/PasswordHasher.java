package carafe.auth;

import com.password4j.Argon2Function;
import com.password4j.BcryptFunction;
import com.password4j.Password;
import com.password4j.types.Argon2;
import java.nio.charset.StandardCharsets;

/**
 * Hashes passwords with Argon2id and verifies Argon2id and bcrypt hashes (Password4j). Callers pass
 * passwords as the user typed them; normalisation happens here, the same way for hashing and checking.
 */
public final class PasswordHasher {
    /**
     * OWASP Password Storage Cheat Sheet, the Argon2id option m=7 MiB, t=5, p=1: the same defence as
     * its 19 MiB, t=2 option (the same memory passes in all), with a third of the heap per hash in
     * progress, which is what a login flood costs a small heap (docs/decisions/0018-argon2id-parameters.md).
     * About 40 ms of one core here; {@link HashingGate} bounds how many run at once.
     */
    static final int MEMORY_KIB = 7 * 1024;
    static final int ITERATIONS = 5;
    static final int PARALLELISM = 1;
    private static final Argon2Function ARGON2ID =
            Argon2Function.getInstance(MEMORY_KIB, ITERATIONS, PARALLELISM, 32, Argon2.ID, Argon2Function.ARGON2_VERSION_13);
    private static final String CURRENT_PREFIX =
            "$argon2id$v=19$m=" + MEMORY_KIB + ",t=" + ITERATIONS + ",p=" + PARALLELISM + "$";

    /** The outcome of a check: whether it matched, and whether the stored hash should be replaced. */
    public record Verification(boolean matches, boolean needsUpgrade) {
        static final Verification FAILED = new Verification(false, false);
    }

    public String hash(String password) {
        return Password.hash(PasswordPolicy.normalize(password)).with(ARGON2ID).getResult();
    }

    public Verification verify(String password, String storedHash) {
        if (password == null || storedHash == null) return Verification.FAILED;
        try {
            if (storedHash.startsWith("$argon2")) {
                boolean matches = Password.check(PasswordPolicy.normalize(password), storedHash)
                        .with(Argon2Function.getInstanceFromHash(storedHash));
                return new Verification(matches, matches && !storedHash.startsWith(CURRENT_PREFIX));
            }
            if (storedHash.startsWith("$2a$") || storedHash.startsWith("$2b$") || storedHash.startsWith("$2y$")) {
                return new Verification(matchesBcrypt(password, storedHash), true);
            }
        } catch (RuntimeException malformedHash) {
            return Verification.FAILED;
        }
        return Verification.FAILED;
    }

    /**
     * bcrypt hashes come from other systems (Flask-Bcrypt, Flask-Security), which hashed the password
     * as typed, without normalisation, and only its first 72 bytes. Both forms are tried; a match is
     * then re-hashed with Argon2id over the normalised form.
     */
    private static boolean matchesBcrypt(String password, String storedHash) {
        var bcrypt = BcryptFunction.getInstanceFromHash(storedHash);
        String asTyped = first72Bytes(password);
        if (Password.check(asTyped, storedHash).with(bcrypt)) return true;
        String normalized = first72Bytes(PasswordPolicy.normalize(password));
        return !normalized.equals(asTyped) && Password.check(normalized, storedHash).with(bcrypt);
    }

    private static String first72Bytes(String password) {
        byte[] bytes = password.getBytes(StandardCharsets.UTF_8);
        if (bytes.length <= 72) return password;
        // Cut on a character boundary: the original implementations cut bytes, but a split UTF-8
        // sequence cannot round-trip through a Java string anyway.
        int end = 72;
        while (end > 0 && (bytes[end] & 0xC0) == 0x80) end--;
        return new String(bytes, 0, end, StandardCharsets.UTF_8);
    }
}
