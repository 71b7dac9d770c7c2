package carafe.emailcode;

import carafe.auth.DerivedKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The codes themselves: 8 random digits (26.6 bits; ASVS 6.5.3, 6.5.4 ask for a CSPRNG and 20 bits), and
 * what is kept of one instead of the code: an HMAC-SHA256 under a key derived from CARAFE_SECRET_KEY,
 * over the browser, the account and the address it was mailed to as well. A plain hash of 10^8
 * possible codes is undone in a second by whoever reads the ceremonies table or Redis; the keyed one
 * is worthless without the key, which neither holds (docs/decisions/0029-email-codes.md).
 */
final class SignInCodes {
    static final int DIGITS = 8;
    private static final int BOUND = 100_000_000; // 10^DIGITS
    private static final String PURPOSE = "carafe: email sign-in codes";

    private final SecureRandom random = new SecureRandom();
    private final SecretKeySpec key;

    SignInCodes(String secretKey) {
        // A key of its own, so the secret key itself never touches the codes and no other use of it
        // (cookie signatures, sealed secrets) can produce one of these digests.
        this.key = new SecretKeySpec(DerivedKeys.derive(secretKey, PURPOSE), "HmacSHA256");
    }

    /** A new code: every one of the 10^8 equally likely, leading zeros kept. */
    String newCode() {
        return String.format("%0" + DIGITS + "d", random.nextInt(BOUND));
    }

    /** What is stored of {@code code} mailed to {@code email} of account {@code userId} for this browser. */
    String digest(String browser, long userId, String email, String code) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            for (String part : new String[] {browser, Long.toString(userId), email}) {
                mac.update(part.getBytes(StandardCharsets.UTF_8));
                mac.update((byte) 0); // no two lists of parts read the same
            }
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(code.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** Whether {@code typed} is the code behind {@code stored}; compared in constant time. */
    boolean matches(String stored, String browser, long userId, String email, String typed) {
        byte[] expected = stored.getBytes(StandardCharsets.US_ASCII);
        byte[] actual = digest(browser, userId, email, typed).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, actual);
    }

    /** What a person may type around the digits: spaces and dashes ("1234 5678", "1234-5678"). */
    static String typed(String code) {
        return code == null ? "" : code.replaceAll("[\\s-]", "");
    }
}
