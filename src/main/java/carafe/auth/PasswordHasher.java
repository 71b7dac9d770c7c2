package carafe.auth;

import java.nio.charset.StandardCharsets;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;

/**
 * Hashes passwords with Argon2id and verifies Argon2 and bcrypt hashes: Argon2 computed by Bouncy
 * Castle over pooled memory ({@link Argon2Hashes}), bcrypt by Spring Security's encoder (decision 0019).
 * Hashes are PHC strings
 * ({@code $argon2id$v=19$m=7168,t=5,p=1$salt$hash}), the format Password4j wrote for earlier Carafe
 * versions and argon2-cffi writes for Python, so stored hashes keep working. Callers pass passwords as
 * the user typed them; normalisation happens here, the same way for hashing and checking.
 */
public final class PasswordHasher {
    /**
     * OWASP Password Storage Cheat Sheet, the Argon2id option m=7 MiB, t=5, p=1: the same defence as
     * its 19 MiB, t=2 option (the same memory passes in all), with a third of the heap per hash in
     * progress, which is what a login flood costs a small heap (docs/decisions/0018-argon2id-parameters.md).
     * About 35 ms of one core here; {@link HashingGate} bounds how many run at once.
     */
    static final int MEMORY_KIB = 7 * 1024;
    static final int ITERATIONS = 5;
    static final int PARALLELISM = 1;
    /** RFC 9106 recommends 16 bytes of salt and a 32-byte tag. */
    private static final int SALT_BYTES = 16;
    private static final int HASH_BYTES = 32;

    // Both are thread-safe. Argon2 checks any stored parameters: they come from the hash.
    private final Argon2Hashes argon2;
    private final BCryptPasswordEncoder bcrypt = new BCryptPasswordEncoder();

    /** For a process that computes one hash at a time (the command line). */
    public PasswordHasher() {
        this(1);
    }

    /** {@code concurrentHashes}: how many run at once ({@link HashingGate}), so how much memory to keep for them. */
    public PasswordHasher(int concurrentHashes) {
        this.argon2 = new Argon2Hashes(MEMORY_KIB, ITERATIONS, PARALLELISM, SALT_BYTES, HASH_BYTES, concurrentHashes);
    }

    /** The outcome of a check: whether it matched, and whether the stored hash should be replaced. */
    public record Verification(boolean matches, boolean needsUpgrade) {
        static final Verification FAILED = new Verification(false, false);
    }

    public String hash(String password) {
        return argon2.hash(PasswordPolicy.normalize(password));
    }

    public Verification verify(String password, String storedHash) {
        if (password == null || storedHash == null) return Verification.FAILED;
        try {
            if (storedHash.startsWith("$argon2")) {
                boolean matches = argon2.matches(PasswordPolicy.normalize(password), storedHash);
                return new Verification(matches, matches && argon2.isOutdated(storedHash));
            }
            if (storedHash.startsWith("$2a$") || storedHash.startsWith("$2b$") || storedHash.startsWith("$2y$")) {
                boolean matches = matchesBcrypt(password, storedHash);
                return new Verification(matches, matches);
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
    private boolean matchesBcrypt(String password, String storedHash) {
        String asTyped = first72Bytes(password);
        if (bcrypt.matches(asTyped, storedHash)) return true;
        String normalized = first72Bytes(PasswordPolicy.normalize(password));
        return !normalized.equals(asTyped) && bcrypt.matches(normalized, storedHash);
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
