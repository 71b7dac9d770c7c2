package carafe.auth;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.auth.PasswordHasher.Verification;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The hash format Carafe stores, and what it does with hashes it did not write itself. */
class PasswordHasherTest {
    private static final String PASSWORD = "carafe before spring 2026";
    private final PasswordHasher hasher = new PasswordHasher();

    @Test
    void a_new_hash_is_an_argon2id_phc_string_with_a_fresh_salt() {
        String first = hasher.hash(PASSWORD);
        String second = hasher.hash(PASSWORD);

        assertThat(first).matches("\\$argon2id\\$v=19\\$m=7168,t=5,p=1\\$[A-Za-z0-9+/]{22}\\$[A-Za-z0-9+/]{43}");
        assertThat(second).isNotEqualTo(first);
        assertThat(hasher.verify(PASSWORD, first)).isEqualTo(new Verification(true, false));
        assertThat(hasher.verify(PASSWORD + " ", first)).isEqualTo(Verification.FAILED);
    }

    @Test
    void the_password_is_compared_in_its_normalised_form() {
        String composed = hasher.hash("caf\u00e9 au lait 2026");

        assertThat(hasher.verify("cafe\u0301 au lait 2026", composed).matches()).isTrue();
    }

    /** bcrypt from other systems: every variant's prefix, written by Password4j for this test. */
    @ParameterizedTest
    @ValueSource(strings = {
            "$2y$10$KbqttibCpbKrjKMm/xQBGePzfHTtIq2IgXuPpPeRs3/EsgBXeKhJi",
            "$2a$10$wKR5UyjY/K5GP0DifAIvRuodXcbE3j0uFPtPHxg10M6xTYkdP/bbu"})
    void a_bcrypt_hash_matches_and_asks_for_an_upgrade(String bcrypt) {
        assertThat(hasher.verify(PASSWORD, bcrypt)).isEqualTo(new Verification(true, true));
        assertThat(hasher.verify("carafe before spring 2025", bcrypt)).isEqualTo(Verification.FAILED);
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "not a hash",
            "$argon2id$v=19$m=7168,t=5,p=1$q5z/fDHTRvg4SOFlvi+Diw",
            "$argon2id$v=19$m=x,t=5,p=1$q5z/fDHTRvg4SOFlvi+Diw$tsXsFF/fhmVNzFbdmba0fC5hWKUZ5yZmpdt62kPBQv0",
            "$argon2id$v=19$m=7168,t=5,p=1$!!!$tsXsFF/fhmVNzFbdmba0fC5hWKUZ5yZmpdt62kPBQv0",
            "$2b$12$short",
            "$1$md5crypt$abcdefghijklmnopqrstuv"})
    void a_malformed_or_unknown_hash_matches_nothing(String stored) {
        assertThat(hasher.verify(PASSWORD, stored)).isEqualTo(Verification.FAILED);
    }
}
