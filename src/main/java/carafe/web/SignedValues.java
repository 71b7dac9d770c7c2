package carafe.web;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures with the secret key, for values the server hands out and must trust on return. */
public final class SignedValues {
    private final SecretKeySpec key;

    public SignedValues(String secretKey) {
        this(secretKey.getBytes(StandardCharsets.UTF_8));
    }

    /** Signs with this key instead, e.g. one derived from the secret key for a single use. */
    public SignedValues(byte[] key) {
        this.key = new SecretKeySpec(key, "HmacSHA256");
    }

    public String sign(String purpose, String value) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            // The purpose keeps a signature made for one use from being valid for another.
            mac.update(purpose.getBytes(StandardCharsets.UTF_8));
            mac.update((byte) 0);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(mac.doFinal(value.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public boolean verify(String purpose, String value, String signature) {
        if (value == null || signature == null) return false;
        return MessageDigest.isEqual(sign(purpose, value).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }
}
