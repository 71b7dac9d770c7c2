package carafe.auth;

import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import org.bouncycastle.crypto.generators.Argon2BytesGenerator;
import org.bouncycastle.crypto.params.Argon2Parameters;

/**
 * Argon2 hashes as PHC strings ({@code $argon2id$v=19$m=7168,t=5,p=1$salt$hash}, unpadded standard
 * Base64), computed by Bouncy Castle over memory blocks taken from one pool for the whole process.
 *
 * <p>Why the pool: a hash fills 7 168 blocks of 1 KiB. Allocated per hash, that is ~390 MB/s of young
 * garbage at 50 logins/s, and every young collection copies the blocks of the hashes in progress
 * (docs/decisions/0016-jvm-defaults.md). Bouncy Castle's {@link Argon2BytesGenerator.FixedBlockPool}
 * hands blocks out and takes them back cleared, so after the first hashes the same blocks are reused and
 * a sign-in allocates almost nothing. It keeps at most as many blocks as {@code concurrentHashes} hashes
 * at the current parameters need; a stored hash with larger parameters allocates the rest and lets it go.
 */
final class Argon2Hashes {
    private static final Base64.Encoder BASE64 = Base64.getEncoder().withoutPadding();
    private static final Base64.Decoder BASE64_DECODER = Base64.getDecoder();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final int memoryKib;
    private final int iterations;
    private final int parallelism;
    private final int saltBytes;
    private final int hashBytes;
    private final String currentPrefix;
    private final Argon2BytesGenerator.BlockPool blocks;

    Argon2Hashes(int memoryKib, int iterations, int parallelism, int saltBytes, int hashBytes, int concurrentHashes) {
        this.memoryKib = memoryKib;
        this.iterations = iterations;
        this.parallelism = parallelism;
        this.saltBytes = saltBytes;
        this.hashBytes = hashBytes;
        this.currentPrefix = "$argon2id$v=19$m=" + memoryKib + ",t=" + iterations + ",p=" + parallelism + "$";
        this.blocks = new Argon2BytesGenerator.FixedBlockPool(
                Argon2BytesGenerator.getBlockCount(memoryKib, parallelism) * concurrentHashes);
    }

    /** A new Argon2id hash of the password with a fresh salt, at the current parameters. */
    String hash(String password) {
        byte[] salt = new byte[saltBytes];
        RANDOM.nextBytes(salt);
        byte[] hash = compute(Argon2Parameters.ARGON2_id, Argon2Parameters.ARGON2_VERSION_13, memoryKib, iterations,
                parallelism, salt, password, hashBytes);
        return currentPrefix + BASE64.encodeToString(salt) + "$" + BASE64.encodeToString(hash);
    }

    /** Whether a stored PHC string was written at other parameters (or by another variant) than new hashes are. */
    boolean isOutdated(String stored) {
        return !stored.startsWith(currentPrefix);
    }

    /**
     * Whether the password matches a stored Argon2 hash of any variant (id, i, d), version and parameters.
     * Throws {@link IllegalArgumentException} when the string is not a well-formed PHC Argon2 hash.
     */
    boolean matches(String password, String stored) {
        // "", type, [v=19,] "m=..,t=..,p=..", salt, hash; the version is missing in hashes of version 1.0.
        String[] parts = stored.split("\\$", -1);
        boolean versioned = parts.length == 6;
        if ((parts.length != 5 && !versioned) || !parts[0].isEmpty()) throw malformed();
        int type = switch (parts[1]) {
            case "argon2id" -> Argon2Parameters.ARGON2_id;
            case "argon2i" -> Argon2Parameters.ARGON2_i;
            case "argon2d" -> Argon2Parameters.ARGON2_d;
            default -> throw malformed();
        };
        int version = versioned ? number(parts[2], "v=") : Argon2Parameters.ARGON2_VERSION_10;
        String[] costs = parts[versioned ? 3 : 2].split(",", -1);
        if (costs.length != 3) throw malformed();
        byte[] salt = BASE64_DECODER.decode(parts[parts.length - 2]);
        byte[] expected = BASE64_DECODER.decode(parts[parts.length - 1]);
        byte[] actual = compute(type, version, number(costs[0], "m="), number(costs[1], "t="), number(costs[2], "p="),
                salt, password, expected.length);
        return MessageDigest.isEqual(actual, expected);
    }

    private byte[] compute(int type, int version, int memory, int passes, int lanes, byte[] salt, String password,
                           int length) {
        var parameters = new Argon2Parameters.Builder(type)
                .withVersion(version)
                .withMemoryAsKB(memory)
                .withIterations(passes)
                .withParallelism(lanes)
                .withSalt(salt)
                .withBlockPool(blocks)
                .build();
        var generator = new Argon2BytesGenerator();
        generator.init(parameters);
        byte[] out = new byte[length];
        generator.generateBytes(password.toCharArray(), out); // UTF-8, as Spring's encoder and Password4j hashed
        return out;
    }

    private static int number(String field, String name) {
        if (!field.startsWith(name)) throw malformed();
        return Integer.parseInt(field.substring(name.length())); // a NumberFormatException is an IllegalArgumentException
    }

    private static IllegalArgumentException malformed() {
        return new IllegalArgumentException("not a PHC Argon2 hash");
    }
}
