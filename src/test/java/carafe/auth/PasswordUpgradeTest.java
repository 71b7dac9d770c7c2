package carafe.auth;

import static carafe.db.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.springframework.security.crypto.argon2.Argon2PasswordEncoder;

/** Accounts brought over from a Flask app keep working, and their hashes become Argon2id at sign-in. */
class PasswordUpgradeTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    // Genuine Flask-Bcrypt hashes (cost 12) from the Flask peer's sample-users.csv.
    private static final String ADA_HASH = "$2b$12$jHhLvMTW7KTJIoImUpCnv.K0DqOhFs62Ho38fpd.5I7TMM/hrildC";
    private static final String ADA_PASSWORD = "correct horse battery staple";
    private static final String JORG_HASH = "$2b$12$HMItPuESHBNfNfEQsL.WserHdJBZytBUjVeBXM17JU/7KL3feiVde";
    private static final String JORG_PASSWORD = "pässwörd-ünïcode-42";

    // Written by Password4j 1.8.4 with Carafe's current parameters, as Carafe stored hashes before decision 0019.
    private static final String PASSWORD4J_HASH =
            "$argon2id$v=19$m=7168,t=5,p=1$q5z/fDHTRvg4SOFlvi+Diw$tsXsFF/fhmVNzFbdmba0fC5hWKUZ5yZmpdt62kPBQv0";
    private static final String PASSWORD4J_PASSWORD = "carafe before spring 2026";

    private static String insertUser(String who, String hash) {
        String email = CarafeServer.uniqueEmail(who);
        Instant now = Instant.now();
        server.db().insertInto(USERS).set(USERS.EMAIL, email).set(USERS.NAME, who).set(USERS.PASSWORD_HASH, hash)
                .set(USERS.ROLES, "user").set(USERS.ACTIVE, true).set(USERS.CREATED_AT, now).set(USERS.UPDATED_AT, now)
                .execute();
        return email;
    }

    private static String storedHash(String email) {
        return server.db().select(USERS.PASSWORD_HASH).from(USERS).where(USERS.EMAIL.eq(email)).fetchOne().value1();
    }

    @Test
    void a_flask_bcrypt_hash_signs_in_and_is_upgraded_to_argon2id() {
        String email = insertUser("ada", ADA_HASH);

        assertThat(server.client().login(email, ADA_PASSWORD).status()).isEqualTo(200);

        assertThat(storedHash(email)).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
        assertThat(server.client().login(email, ADA_PASSWORD).status()).isEqualTo(200);
        assertThat(server.client().login(email, "wrong").status()).isEqualTo(401);
    }

    @Test
    void a_non_ascii_password_hashed_by_flask_still_matches() {
        String email = insertUser("jorg", JORG_HASH);

        assertThat(server.client().login(email, JORG_PASSWORD).status()).isEqualTo(200);
        assertThat(storedHash(email)).startsWith("$argon2id$");
    }

    @Test
    void a_wrong_password_leaves_the_bcrypt_hash_alone() {
        String email = insertUser("kept", ADA_HASH);

        assertThat(server.client().login(email, "not it").status()).isEqualTo(401);

        assertThat(storedHash(email)).isEqualTo(ADA_HASH);
    }

    @Test
    void a_hash_stored_by_an_earlier_carafe_signs_in_and_is_kept() {
        String email = insertUser("earlier", PASSWORD4J_HASH);

        assertThat(server.client().login(email, "carafe before spring 2025").status()).isEqualTo(401);
        assertThat(server.client().login(email, PASSWORD4J_PASSWORD).status()).isEqualTo(200);

        assertThat(storedHash(email)).isEqualTo(PASSWORD4J_HASH);
    }

    /** 4 MiB with 3 passes: some older setting; 19 MiB with 2: Carafe's own default before decision 0018. */
    @ParameterizedTest
    @CsvSource({"4096, 3", "19456, 2"})
    void an_argon2id_hash_with_other_parameters_signs_in_and_is_upgraded(int memoryKib, int iterations) {
        String password = "other parameters " + memoryKib;
        String other = new Argon2PasswordEncoder(16, 32, 1, memoryKib, iterations)
                .encode(PasswordPolicy.normalize(password));
        String email = insertUser("other" + memoryKib, other);

        assertThat(server.client().login(email, password).status()).isEqualTo(200);

        assertThat(storedHash(email)).startsWith("$argon2id$v=19$m=7168,t=5,p=1$");
        assertThat(server.client().login(email, password).status()).isEqualTo(200);
    }

    @Test
    void the_same_password_typed_composed_or_decomposed_signs_in() {
        String composed = "caf\u00e9 au lait 2024";
        String decomposed = "cafe\u0301 au lait 2024";
        String email = CarafeServer.uniqueEmail("nfkc");
        assertThat(server.client().register(email, "Nfkc", composed).status()).isEqualTo(201);

        assertThat(server.client().login(email, decomposed).status()).isEqualTo(200);
    }
}
