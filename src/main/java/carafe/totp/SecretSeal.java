package carafe.totp;

import carafe.auth.DerivedKeys;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Seals authenticator secrets for the database (SPEC §9; ASVS 11.3.x / 14.2.x): AES-256-GCM under a key
 * derived from CARAFE_SECRET_KEY with HKDF-SHA256, a fresh 96-bit nonce per seal, and the user's id as
 * associated data, so a sealed secret copied to another user's row does not open. Each seal names its
 * key by a short id; keys given in CARAFE_PREVIOUS_SECRET_KEYS still open what they sealed, so the
 * secret key can be rotated, and {@link Totp} re-seals a secret under the current key when it is used.
 */
final class SecretSeal {
    private static final String PURPOSE = "carafe: authenticator app secrets";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    /** A sealed secret as stored: base64 of nonce and ciphertext, and the id of the key that sealed it. */
    record Sealed(String text, String keyId) {}

    private final SecureRandom random = new SecureRandom();
    private final String currentKeyId;
    /** Key id → key: the current one first, then the previous ones. */
    private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();

    SecretSeal(String secretKey, List<String> previousSecretKeys) {
        var current = derive(secretKey);
        this.currentKeyId = idOf(current);
        keys.put(currentKeyId, current);
        for (String previous : previousSecretKeys) {
            var key = derive(previous);
            keys.putIfAbsent(idOf(key), key);
        }
    }

    Sealed seal(byte[] secret, long userId) {
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        byte[] sealed = run(Cipher.ENCRYPT_MODE, keys.get(currentKeyId), nonce, userId, secret);
        byte[] stored = ByteBuffer.allocate(nonce.length + sealed.length).put(nonce).put(sealed).array();
        return new Sealed(Base64.getEncoder().encodeToString(stored), currentKeyId);
    }

    /** The secret; throws when its key is not configured any more or the text was altered. */
    byte[] open(Sealed sealed, long userId) {
        var key = keys.get(sealed.keyId());
        if (key == null) {
            throw new IllegalStateException("An authenticator secret was sealed with a key that is not configured "
                    + "(key id " + sealed.keyId() + "): add the old CARAFE_SECRET_KEY to CARAFE_PREVIOUS_SECRET_KEYS");
        }
        byte[] stored = Base64.getDecoder().decode(sealed.text());
        byte[] nonce = java.util.Arrays.copyOf(stored, NONCE_BYTES);
        byte[] ciphertext = java.util.Arrays.copyOfRange(stored, NONCE_BYTES, stored.length);
        return run(Cipher.DECRYPT_MODE, key, nonce, userId, ciphertext);
    }

    boolean isCurrent(String keyId) {
        return currentKeyId.equals(keyId);
    }

    private static byte[] run(int mode, SecretKeySpec key, byte[] nonce, long userId, byte[] input) {
        try {
            var cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
            cipher.updateAAD(("user:" + userId).getBytes(StandardCharsets.US_ASCII));
            return cipher.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not " + (mode == Cipher.ENCRYPT_MODE ? "seal" : "open")
                    + " an authenticator secret (altered, or sealed for another user)", e);
        }
    }

    /** A 256-bit key of its own for this purpose, so the secret key itself never touches these secrets. */
    private static SecretKeySpec derive(String secretKey) {
        return new SecretKeySpec(DerivedKeys.derive(secretKey, PURPOSE), "AES");
    }

    /** 16 hex digits of SHA-256 of the derived key: names it without revealing it. */
    private static String idOf(SecretKeySpec key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(key.getEncoded());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
