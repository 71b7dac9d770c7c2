package carafe.auth;

import java.nio.charset.StandardCharsets;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * A key of its own for each use of CARAFE_SECRET_KEY (sealing authenticator secrets, keeping sign-in
 * codes, naming addresses in rate limits), derived with HKDF-SHA256 (RFC 5869) and the purpose as its
 * info: the secret key itself never touches those data, and no use can produce what another makes.
 */
public final class DerivedKeys {
    private static final int KEY_BYTES = 32;

    private DerivedKeys() {}

    /** 256 bits for {@code purpose} (a fixed phrase such as "carafe: sign-in codes"), the same every time. */
    public static byte[] derive(String secretKey, String purpose) {
        var hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(secretKey.getBytes(StandardCharsets.UTF_8), null,
                purpose.getBytes(StandardCharsets.UTF_8)));
        byte[] key = new byte[KEY_BYTES];
        hkdf.generateBytes(key, 0, key.length);
        return key;
    }
}
