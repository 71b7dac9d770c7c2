package carafe.totp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Authenticator secrets at rest: AES-GCM under a key derived from the secret key, rotatable by key id. */
class SecretSealTest {
    private static final String KEY = "first-secret-key-of-at-least-32-characters";
    private static final String NEW_KEY = "second-secret-key-of-at-least-32-characters";
    private static final byte[] SECRET = "twenty bytes secret!".getBytes(StandardCharsets.US_ASCII);

    @Test
    void a_sealed_secret_opens_for_its_user_and_does_not_show_the_secret() {
        var seal = new SecretSeal(KEY, List.of());

        var sealed = seal.seal(SECRET, 7);

        assertThat(seal.open(sealed, 7)).isEqualTo(SECRET);
        assertThat(new String(Base64.getDecoder().decode(sealed.text()), StandardCharsets.ISO_8859_1))
                .doesNotContain(new String(SECRET, StandardCharsets.ISO_8859_1));
        assertThat(sealed.keyId()).matches("[0-9a-f]{16}");
        assertThat(seal.seal(SECRET, 7).text()).as("a fresh nonce each time").isNotEqualTo(sealed.text());
    }

    @Test
    void a_secret_copied_to_another_users_row_does_not_open() {
        var seal = new SecretSeal(KEY, List.of());

        assertThatThrownBy(() -> seal.open(seal.seal(SECRET, 7), 8)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void an_altered_seal_does_not_open() {
        var seal = new SecretSeal(KEY, List.of());
        byte[] bytes = Base64.getDecoder().decode(seal.seal(SECRET, 7).text());
        bytes[bytes.length - 1] ^= 1;

        var altered = new SecretSeal.Sealed(Base64.getEncoder().encodeToString(bytes), seal.seal(SECRET, 7).keyId());

        assertThatThrownBy(() -> seal.open(altered, 7)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void after_a_key_rotation_old_seals_open_with_the_previous_key_and_new_ones_use_the_new_key() {
        var sealedBefore = new SecretSeal(KEY, List.of()).seal(SECRET, 7);

        var rotated = new SecretSeal(NEW_KEY, List.of(KEY));

        assertThat(rotated.open(sealedBefore, 7)).isEqualTo(SECRET);
        assertThat(rotated.isCurrent(sealedBefore.keyId())).isFalse();
        assertThat(rotated.isCurrent(rotated.seal(SECRET, 7).keyId())).isTrue();
        assertThatThrownBy(() -> new SecretSeal(NEW_KEY, List.of()).open(sealedBefore, 7))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("CARAFE_PREVIOUS_SECRET_KEYS")
                .hasMessageNotContaining(KEY);
    }
}
