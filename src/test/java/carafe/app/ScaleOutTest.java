package carafe.app;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.Client;
import carafe.support.Eventually;
import carafe.support.Json;
import carafe.support.MutableClock;
import carafe.support.PasskeyDevice;
import carafe.support.RawConnection;
import carafe.support.Response;
import carafe.support.TestDatabase;
import carafe.support.TestRedis;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two instances sharing one database and one Redis, as behind a load balancer: whichever instance a
 * request reaches, sessions and limits are the same. (deploy/prove checks the same through nginx, with
 * separate processes, SIGKILL and SIGTERM.)
 */
class ScaleOutTest {
    private static final String PASSWORD = "shared across instances 7";
    private static final MutableClock clock = new MutableClock();

    @TempDir
    static Path folder;
    static TestDatabase database;
    static TestRedis redis;
    static App a;
    static App b;

    @BeforeAll
    static void startTwoInstances() {
        database = TestDatabase.create(folder);
        redis = TestRedis.create();
        a = instance("a", Map.of());
        b = instance("b", Map.of());
    }

    @AfterAll
    static void stop() {
        if (a != null) a.close();
        if (b != null) b.close();
        if (redis != null) redis.close();
        if (database != null) database.close();
    }

    private static App instance(String name, Map<String, String> extra) {
        var settings = new HashMap<String, String>(Map.of(
                "CARAFE_HOST", "127.0.0.1",
                "CARAFE_PORT", "0",
                "CARAFE_DATA_DIR", folder.resolve(name).toString(),
                "CARAFE_DATABASE_URL", database.url(),
                "CARAFE_REDIS_URL", TestRedis.URL,
                "CARAFE_REDIS_PREFIX", redis.prefix(),
                // One key for all instances, as in production: each signs what the others check.
                "CARAFE_SECRET_KEY", "the-same-secret-key-on-every-instance-of-this-test",
                "CARAFE_LIMIT_REGISTER_IP", "100000/1h"));
        settings.putAll(extra);
        return App.create(Config.from(settings), clock).start();
    }

    private static String base(App app) {
        return "http://127.0.0.1:" + app.port();
    }

    private static Client registered(String email) {
        var client = new Client(base(a));
        assertThat(client.register(email, "Shared", PASSWORD).status()).isEqualTo(201);
        return client;
    }

    @Test
    void a_session_started_on_one_instance_works_on_the_other_and_a_logout_ends_it_on_both() {
        var onA = registered("roaming@example.com");
        var onB = onA.on(base(b));

        assertThat(onB.session().status()).isEqualTo(200);
        assertThat(onB.postJson("/api/notes", Json.object("title", "written via B", "body", "")).status())
                .as("the CSRF token issued by A is good on B").isEqualTo(201);

        assertThat(onA.logout().status()).isEqualTo(204);
        assertThat(onB.session().status()).isEqualTo(401);
    }

    @Test
    void failed_sign_ins_count_against_one_limit_whichever_instance_gets_them() {
        registered("guessed@example.com");
        String wrong = Json.object("email", "guessed@example.com", "password", "not the password");
        for (int attempt = 1; attempt <= 5; attempt++) {
            App target = attempt % 2 == 1 ? a : b;
            assertThat(new Client(base(target)).postJson("/api/auth/login", wrong).status())
                    .as("attempt %d", attempt).isEqualTo(401);
        }

        for (App target : new App[] {a, b}) {
            Response refused = new Client(base(target)).login("guessed@example.com", PASSWORD);
            assertThat(refused.status()).isEqualTo(429);
            assertThat(refused.header("Retry-After")).isNotBlank();
        }
    }

    @Test
    void a_password_change_on_one_instance_ends_the_sessions_held_on_the_other() {
        var laptop = registered("changer@example.com");
        var phone = new Client(base(b));
        assertThat(phone.login("changer@example.com", PASSWORD).status()).isEqualTo(200);

        var changed = laptop.postJson("/api/account/password",
                Json.object("currentPassword", PASSWORD, "newPassword", "an entirely new passphrase 8"));

        assertThat(changed.status()).isEqualTo(204);
        assertThat(phone.session().status()).isEqualTo(401);
        assertThat(phone.on(base(a)).session().status()).isEqualTo(401);
    }

    @Test
    void a_passkey_ceremony_begun_on_one_instance_finishes_on_the_other() {
        var device = new PasskeyDevice(); // both instances share CARAFE_BASE_URL's default: one relying party
        var onA = registered("passkey-roaming@example.com");
        var options = onA.postJson("/api/account/passkeys/options", "{}");
        assertThat(options.status()).isEqualTo(200);
        var registration = onA.on(base(b)).postJson("/api/account/passkeys", "{\"credential\":" + device.create(options.json()) + "}");
        assertThat(registration.status()).as("registered on B from A's options").isEqualTo(201);

        var browser = new Client(base(b));
        var signInOptions = browser.postJson("/api/auth/passkey/options", "{}");
        var onOther = browser.on(base(a));
        var signedIn = onOther.postJson("/api/auth/passkey", "{\"credential\":" + device.get(signInOptions.json()) + "}");

        assertThat(signedIn.status()).as("signed in on A with B's challenge").isEqualTo(200);
        assertThat(onOther.on(base(b)).session().status()).isEqualTo(200);
    }

    @Test
    void readiness_checks_redis_too() {
        var ready = new Client(base(a)).get("/health/ready");

        assertThat(ready.status()).isEqualTo(200);
        assertThat(ready.json().path("checks").path("redis").asText()).isEqualTo("UP");
        assertThat(ready.json().path("checks").path("database").asText()).isEqualTo("UP");
    }

    @Test
    void a_draining_instance_refuses_new_connections_but_answers_on_the_ones_it_has() throws Exception {
        App draining = instance("draining", Map.of("CARAFE_SHUTDOWN_DRAIN", "3s"));
        int port = draining.port();
        var client = registered("drained@example.com").on(base(draining));
        String cookie = client.cookies().entrySet().stream().map(c -> c.getKey() + "=" + c.getValue())
                .reduce((x, y) -> x + "; " + y).orElseThrow();
        // Connections a proxy holds when the drain begins: accepted and used once, then kept alive.
        try (var readiness = new Socket("127.0.0.1", port); var session = new Socket("127.0.0.1", port)) {
            assertThat(keptAlive(readiness)).startsWith("HTTP/1.1 200");
            assertThat(keptAlive(session)).startsWith("HTTP/1.1 200");
            var stopped = CompletableFuture.runAsync(draining::close);
            try {
                Eventually.until("new connections are refused", () -> RawConnection.refused(port));

                String ready = exchange(readiness, "GET /health/ready HTTP/1.1\r\nHost: carafe\r\n\r\n");
                assertThat(ready).startsWith("HTTP/1.1 503").containsIgnoringCase("Connection: close")
                        .contains("\"shutdown\":\"IN_PROGRESS\"");
                String served = exchange(session, "GET /api/auth/session HTTP/1.1\r\nHost: carafe\r\nCookie: " + cookie
                        + "\r\n\r\n");
                assertThat(served).startsWith("HTTP/1.1 200").containsIgnoringCase("Connection: close")
                        .contains("drained@example.com");
            } finally {
                stopped.get();
            }
        }
    }

    /** One request on a kept-alive connection; the answer's status line and headers (its body is skipped). */
    private static String keptAlive(Socket connection) throws IOException {
        connection.setSoTimeout(5_000);
        connection.getOutputStream().write("GET /health/live HTTP/1.1\r\nHost: carafe\r\n\r\n"
                .getBytes(StandardCharsets.US_ASCII));
        var in = connection.getInputStream();
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) throw new IOException("closed after " + head);
            head.append((char) b);
        }
        var length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        if (length.find()) in.readNBytes(Integer.parseInt(length.group(1)));
        return head.toString();
    }

    /** Sends one request on the connection and reads the answer until the server closes it. */
    private static String exchange(Socket connection, String request) throws IOException {
        connection.setSoTimeout(5_000);
        connection.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        return new String(connection.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    }
}
