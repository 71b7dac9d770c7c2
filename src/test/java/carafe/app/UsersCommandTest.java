package carafe.app;

import static carafe.db.schema.Tables.MAIL_QUEUE;
import static carafe.db.schema.Tables.ONE_TIME_TOKENS;
import static carafe.db.schema.Tables.REMEMBERED_DEVICES;
import static carafe.db.schema.Tables.USERS;
import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.auth.Session;
import carafe.support.CarafeServer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder.BCryptVersion;

/**
 * The operator commands, run in-process through the real command tree against the running server's
 * database (the same configuration serve uses), then checked over HTTP.
 */
class UsersCommandTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    /** Flask-Bcrypt's default: $2b$, cost 12. */
    private static final BCryptPasswordEncoder FLASK_BCRYPT = new BCryptPasswordEncoder(BCryptVersion.$2B, 12);

    @TempDir
    Path folder;

    record Run(int exit, String out, String err) {}

    private static Run carafe(String stdin, String... args) {
        var config = Config.from(server.sharedSettings());
        var cli = Main.commandLine(() -> config, new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)));
        var out = new StringWriter();
        var err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    private static String hashOf(String email) {
        return server.db().select(USERS.PASSWORD_HASH).from(USERS).where(USERS.EMAIL.eq(email)).fetchOne(USERS.PASSWORD_HASH);
    }

    @Test
    void create_an_admin_then_sign_in_over_http_and_use_the_admin_api() {
        String email = CarafeServer.uniqueEmail("operator");

        var run = carafe(PASSWORD + "\n", "users", "create", "--email", email, "--name", "Operator", "--admin",
                "--password-stdin");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains("Created administrator " + email);
        var client = server.client();
        assertThat(client.login(email, PASSWORD).status()).isEqualTo(200);
        assertThat(client.get("/api/admin/users").status()).isEqualTo(200);
        var listed = carafe("", "users", "list", "--admin");
        assertThat(listed.exit()).isZero();
        assertThat(listed.out()).contains(email).contains("user,admin");
        assertThat(carafe(PASSWORD + "\n", "users", "create", "--email", email, "--name", "Again", "--password-stdin")
                .err()).contains("already exists");
    }

    @Test
    void a_weak_password_a_missing_option_and_help_have_the_documented_exit_codes() {
        var weak = carafe("password\n", "users", "create", "--email", CarafeServer.uniqueEmail("weak"), "--name", "W",
                "--password-stdin");
        assertThat(weak.exit()).isEqualTo(1);
        assertThat(weak.err()).contains("The password is one of the most common passwords");
        var usage = carafe("", "users", "create", "--name", "No email");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.err()).contains("--email");
        assertThat(carafe("", "users", "create", "--email", "x@example.com", "--name", "X", "--password", "secret")
                .exit()).isEqualTo(2);
        for (String[] help : new String[][] {{"users", "--help"}, {"users", "import", "--help"},
                {"sessions", "purge", "--help"}, {"users", "set-role", "--help"}}) {
            var run = carafe("", help);
            assertThat(run.exit()).isZero();
            assertThat(run.out()).contains("Usage: carafe");
        }
        assertThat(carafe("", "users", "set-role", "--email", "nobody@example.com", "--role", "admin").exit()).isEqualTo(1);
        assertThat(carafe("", "users", "set-role", "--email", "nobody@example.com", "--role", "root").exit()).isEqualTo(2);
    }

    @Test
    void set_password_ends_sessions_and_the_new_password_works() {
        var member = server.signUp("forgetful");
        var client = member.client();

        var run = carafe("another long passphrase\n", "users", "set-password", "--email", member.email().toUpperCase(),
                "--password-stdin");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(client.session().status()).isEqualTo(401);
        assertThat(server.client().login(member.email(), PASSWORD).status()).isEqualTo(401);
        assertThat(server.client().login(member.email(), "another long passphrase").status()).isEqualTo(200);
    }

    @Test
    void set_role_and_deactivate_take_effect_on_the_live_session() {
        var member = server.signUp("promoted");
        var client = member.client();
        assertThat(carafe("", "users", "set-role", "--email", member.email(), "--role", "admin").exit()).isZero();
        assertThat(client.session().status()).isEqualTo(401);
        var again = server.client();
        assertThat(again.login(member.email(), PASSWORD).status()).isEqualTo(200);
        assertThat(again.get("/api/admin/users").status()).isEqualTo(200);

        var run = carafe("", "users", "deactivate", "--email", member.email());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(again.session().status()).isEqualTo(401);
        assertThat(server.client().login(member.email(), PASSWORD).status()).isEqualTo(401);
    }

    @Test
    void import_keeps_a_bcrypt_cost_12_hash_which_signs_in_and_is_upgraded_to_argon2id() throws IOException {
        String bcrypt = FLASK_BCRYPT.encode("flask password 1");
        assertThat(bcrypt).startsWith("$2b$12$");
        String csvUser = CarafeServer.uniqueEmail("csv");
        String jsonUser = CarafeServer.uniqueEmail("json");
        Path csv = Files.writeString(folder.resolve("users.csv"), """
                email,name,password_hash,active,confirmed_at,roles
                %s,"Flask, User",%s,true,2024-03-01 10:00:00.123456,user
                """.formatted(csvUser.toUpperCase(), bcrypt));
        Path json = Files.writeString(folder.resolve("users.json"), """
                [
                  {"email": "%s", "name": "Json Admin", "password_hash": "%s", "active": true,
                   "confirmed_at": "2024-03-01T10:00:00Z", "roles": ["user", "admin"]}
                ]
                """.formatted(jsonUser, bcrypt));

        assertThat(carafe("", "users", "import", csv.toString()).out()).contains("Imported 1 user(s).");
        assertThat(carafe("", "users", "import", json.toString()).exit()).isZero();

        assertThat(hashOf(csvUser)).isEqualTo(bcrypt);
        var client = server.client();
        var login = client.login(csvUser, "flask password 1");
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().path("user").path("name").asText()).isEqualTo("Flask, User");
        assertThat(hashOf(csvUser)).startsWith("$argon2id$");
        var admin = server.client();
        assertThat(admin.login(jsonUser, "flask password 1").status()).isEqualTo(200);
        assertThat(admin.get("/api/admin/users").status()).isEqualTo(200);
    }

    @Test
    void a_broken_row_imports_nothing_and_names_its_line_unless_skip_invalid() throws IOException {
        String bcrypt = FLASK_BCRYPT.encode("flask password 2");
        String good = CarafeServer.uniqueEmail("good");
        String later = CarafeServer.uniqueEmail("later");
        Path csv = Files.writeString(folder.resolve("broken.csv"), """
                email,name,password_hash,active,confirmed_at,roles
                %s,Good,%s,true,,user
                not-an-email,Bad,%s,true,,user
                %s,Later,plaintext,true,,user
                %s,Also good,%s,false,,
                """.formatted(good, bcrypt, bcrypt, later, CarafeServer.uniqueEmail("also"), bcrypt));

        var run = carafe("", "users", "import", csv.toString());

        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("broken.csv line 3: email is not an email address")
                .contains("broken.csv line 4: password_hash must be").contains("Nothing was imported");
        assertThat(server.db().fetchCount(USERS, USERS.EMAIL.eq(good))).isZero();

        var skipping = carafe("", "users", "import", "--skip-invalid", csv.toString());

        assertThat(skipping.exit()).isZero();
        assertThat(skipping.out()).contains("Imported 2 user(s); skipped 2 invalid row(s).");
        assertThat(skipping.err()).contains("line 3").contains("line 4");
        assertThat(server.client().login(good, "flask password 2").status()).isEqualTo(200);
        assertThat(server.db().fetchCount(USERS, USERS.EMAIL.eq(later))).isZero();
        // Imported again: every row is now a duplicate or invalid, so nothing changes.
        var repeated = carafe("", "users", "import", csv.toString());
        assertThat(repeated.exit()).isEqualTo(1);
        assertThat(repeated.err()).contains("line 2: a user with email " + good + " already exists");
        var unreadable = carafe("", "users", "import", Files.writeString(folder.resolve("bad.json"), "[{\"email\":").toString());
        assertThat(unreadable.exit()).isEqualTo(1);
        assertThat(unreadable.err()).contains("Nothing was imported").doesNotContain("Exception");
    }

    @Test
    void sessions_purge_removes_what_has_expired() {
        long userId = server.signUp("expiring").id();
        // Long past by any clock: the command runs on the real one, the server on a test clock.
        Instant past = Instant.parse("2020-01-01T00:00:00Z");
        var store = server.sessionStore();
        for (Session s : store.findAllForUser(userId)) {
            store.delete(s.idHash());
            store.save(new Session(s.idHash(), s.userId(), s.csrfToken(), past, past, past, past, past, s.amr(),
                    s.pending(), s.remember(), s.ip(), s.userAgent()));
        }
        server.db().update(ONE_TIME_TOKENS).set(ONE_TIME_TOKENS.EXPIRES_AT, past)
                .where(ONE_TIME_TOKENS.USER_ID.eq(userId)).execute();
        assertThat(server.db().fetchCount(ONE_TIME_TOKENS, ONE_TIME_TOKENS.USER_ID.eq(userId))).isPositive();
        // What the janitor removes too: a browser remembered until long ago, a mail given up long ago.
        server.db().insertInto(REMEMBERED_DEVICES).set(REMEMBERED_DEVICES.USER_ID, userId)
                .set(REMEMBERED_DEVICES.TOKEN_HASH, "expired-device-" + userId)
                .set(REMEMBERED_DEVICES.CREATED_AT, past).set(REMEMBERED_DEVICES.EXPIRES_AT, past).execute();
        String gaveUpOn = "given-up-" + userId + "@example.com";
        server.db().insertInto(MAIL_QUEUE).set(MAIL_QUEUE.MESSAGE_ID, "<given-up-" + userId + "@carafe.test>")
                .set(MAIL_QUEUE.RECIPIENT, gaveUpOn).set(MAIL_QUEUE.SUBJECT, "Lost").set(MAIL_QUEUE.TEXT_BODY, "")
                .set(MAIL_QUEUE.HTML_BODY, "").set(MAIL_QUEUE.CREATED_AT, past).set(MAIL_QUEUE.DUE_AT, past)
                .set(MAIL_QUEUE.ATTEMPTS, 5).set(MAIL_QUEUE.FAILED_AT, past).execute();

        var run = carafe("", "sessions", "purge");

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Removed ");
        assertThat(store.findAllForUser(userId)).isEmpty();
        assertThat(server.db().fetchCount(ONE_TIME_TOKENS, ONE_TIME_TOKENS.USER_ID.eq(userId))).isZero();
        assertThat(server.db().fetchCount(REMEMBERED_DEVICES, REMEMBERED_DEVICES.USER_ID.eq(userId))).isZero();
        assertThat(server.db().fetchCount(MAIL_QUEUE, MAIL_QUEUE.RECIPIENT.eq(gaveUpOn))).isZero();
        assertThat(run.out()).contains("expired remembered devices", "failed mails past their retention");
    }
}
