package carafe.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/**
 * Keys derived from the secret key stay what they were: authenticator secrets sealed, and codes kept,
 * under one release's key must still open under the next. The values are HKDF-SHA256 (RFC 5869, no salt)
 * as Python's hmac module computes it.
 */
class DerivedKeysTest {
    private static final String SECRET_KEY = "a secret key of at least thirty-two characters";

    @Test
    void a_purpose_s_key_is_hkdf_sha256_of_the_secret_key_with_the_purpose_as_info() {
        assertThat(HexFormat.of().formatHex(DerivedKeys.derive(SECRET_KEY, "carafe: authenticator app secrets")))
                .isEqualTo("2a3f4f1646b1cc5312443ebaa8343bdf70368c348990a98031bd560ab7c9f7c3");
        assertThat(HexFormat.of().formatHex(DerivedKeys.derive(SECRET_KEY, "carafe: email sign-in codes")))
                .isEqualTo("4bed41ad2b236d525fe9d5a71d4c6fd884c865bf124e2f1aa4272d66bbd06538");
    }
}
