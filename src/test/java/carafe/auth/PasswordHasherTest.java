package carafe.auth;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.auth.PasswordHasher.Verification;
import java.util.ArrayList;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

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

    /**
     * Argon2 hashes written by the reference implementation (Debian's {@code argon2} command, e.g.
     * {@code echo -n PASSWORD | argon2 carafesalt16byte -i -t 3 -k 4096 -p 2 -l 32 -e}): every variant,
     * several lanes, other costs and lengths. They match, and ask to be re-hashed at Carafe's parameters.
     */
    @ParameterizedTest
    @ValueSource(strings = {
            "$argon2i$v=19$m=4096,t=3,p=2$Y2FyYWZlc2FsdDE2Ynl0ZQ$JyXXh3WiO+UUvBEHfXjjc5gTQeM70p4hpA/swKlAfx0",
            "$argon2id$v=19$m=19456,t=2,p=1$Y2FyYWZlc2FsdDE2Ynl0ZQ$3paXR7U4EDd2z+5w8dB6huYs6yIJTRFs4BCratlFaAU",
            "$argon2d$v=19$m=1024,t=2,p=1$Y2FyYWZlc2FsdDE2Ynl0ZQ$1ub9GNWvTI7grhu9GNsOYA"})
    void argon2_hashes_of_the_reference_implementation_match_and_ask_for_an_upgrade(String reference) {
        assertThat(hasher.verify(PASSWORD, reference)).isEqualTo(new Verification(true, true));
        assertThat(hasher.verify("carafe before spring 2025", reference)).isEqualTo(Verification.FAILED);
    }

    /** Spring Security's encoder (what Carafe used before its own pooled hashing) and Carafe read each other's hashes. */
    @Test
    void hashes_written_by_spring_securitys_encoder_match_and_the_other_way_round() {
        var spring = new Argon2PasswordEncoder(16, 32, PasswordHasher.PARALLELISM, PasswordHasher.MEMORY_KIB,
                PasswordHasher.ITERATIONS);

        assertThat(hasher.verify(PASSWORD, spring.encode(PASSWORD))).isEqualTo(new Verification(true, false));
        assertThat(spring.matches(PASSWORD, hasher.hash(PASSWORD))).isTrue();
        assertThat(spring.matches(PASSWORD + "!", hasher.hash(PASSWORD))).isFalse();
    }

    /** The blocks are shared by every hash of the process: hashes at once must not see each other's memory. */
    @Test
    void hashes_computed_at_once_with_the_shared_memory_are_each_correct() throws Exception {
        var shared = new PasswordHasher(2);
        String stored = shared.hash(PASSWORD);
        var tasks = new ArrayList<Callable<Boolean>>();
        for (int i = 0; i < 12; i++) {
            String password = i % 3 == 0 ? PASSWORD + i : PASSWORD;
            boolean expected = i % 3 != 0;
            tasks.add(() -> shared.verify(password, stored).matches() == expected
                    && shared.verify(password, shared.hash(password)).matches());
        }
        try (var threads = Executors.newFixedThreadPool(4)) {
            for (Future<Boolean> outcome : threads.invokeAll(tasks)) assertThat(outcome.get()).isTrue();
        }
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
            "$argon2id$v=19$m=7168,t=5,p=1$q5z/fDHTRvg4SOFlvi+Diw$tsXsFF/fhmVNzFbdmba0fC5hWKUZ5yZmpdt62kPBQv0$extra",
            "$argon2id$v=19$m=7168,t=5$q5z/fDHTRvg4SOFlvi+Diw$tsXsFF/fhmVNzFbdmba0fC5hWKUZ5yZmpdt62kPBQv0",
            "$argon2id$v=19$m=7168,t=0,p=1$q5z/fDHTRvg4SOFlvi+Diw$tsXsFF/fhmVNzFbdmba0fC5hWKUZ5yZmpdt62kPBQv0",
            "$argon2x$v=19$m=7168,t=5,p=1$q5z/fDHTRvg4SOFlvi+Diw$tsXsFF/fhmVNzFbdmba0fC5hWKUZ5yZmpdt62kPBQv0",
            "$argon2id$v=19$m=7168,t=5,p=1$q5z/fDHTRvg4SOFlvi+Diw$",
            "$2b$12$short",
            "$1$md5crypt$abcdefghijklmnopqrstuv"})
    void a_malformed_or_unknown_hash_matches_nothing(String stored) {
        assertThat(hasher.verify(PASSWORD, stored)).isEqualTo(Verification.FAILED);
    }
}
