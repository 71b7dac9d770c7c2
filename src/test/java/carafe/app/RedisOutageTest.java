package carafe.app;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import carafe.support.Client;
import carafe.support.Eventually;
import carafe.support.MutableClock;
import carafe.support.Response;
import carafe.support.TestDatabase;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Redis going away and coming back, with a Redis server of the test's own (the shared one must stay
 * up): requests that need it answer 503 problem+json, not a stack trace; readiness says which part
 * is down; once Redis is back, Lettuce reconnects and the same session works again.
 */
class RedisOutageTest {
    private static final Path REDIS_SERVER = Path.of("/usr/bin/redis-server");

    @TempDir
    static Path folder;
    static TestDatabase database;
    static int redisPort;
    static Process redis;
    static App app;

    @BeforeAll
    static void start() throws Exception {
        if (!Files.isExecutable(REDIS_SERVER)) {
            String why = REDIS_SERVER + " is not installed (apt-get install redis-server)";
            if ("true".equals(System.getenv("CI"))) fail(why + "; CI=true requires this test");
            org.junit.jupiter.api.Assumptions.abort(why + ": skipping.");
        }
        try (var socket = new ServerSocket(0)) {
            redisPort = socket.getLocalPort();
        }
        startRedis();
        database = TestDatabase.create(folder);
        app = App.create(Config.from(Map.of("CARAFE_HOST", "127.0.0.1", "CARAFE_PORT", "0",
                "CARAFE_DATA_DIR", folder.resolve("data").toString(), "CARAFE_DATABASE_URL", database.url(),
                "CARAFE_REDIS_URL", "redis://127.0.0.1:" + redisPort + "/0")), new MutableClock()).start();
    }

    @AfterAll
    static void stop() {
        if (app != null) app.close();
        if (redis != null) redis.destroyForcibly();
        if (database != null) database.close();
    }

    private static void startRedis() throws IOException {
        // Nothing kept on disk: a restart comes back empty, as a cache node that lost its memory would.
        redis = new ProcessBuilder(List.of(REDIS_SERVER.toString(), "--port", Integer.toString(redisPort),
                "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", folder.toString()))
                .redirectErrorStream(true).redirectOutput(folder.resolve("redis.log").toFile()).start();
        Eventually.until("the test's Redis accepts connections", () -> {
            try (var probe = new java.net.Socket("127.0.0.1", redisPort)) {
                return true;
            } catch (IOException e) {
                return false;
            }
        });
    }

    @Test
    void requests_answer_503_while_redis_is_down_and_work_again_when_it_is_back() throws Exception {
        var client = new Client("http://127.0.0.1:" + app.port());
        assertThat(client.register("outage@example.com", "Outage", "through the outage 42").status()).isEqualTo(201);

        redis.destroy();
        assertThat(redis.waitFor(10, TimeUnit.SECONDS)).isTrue();

        Response down = client.session();
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.contentType()).startsWith("application/problem+json");
        assertThat(down.header("Retry-After")).isNotBlank();
        assertThat(down.body()).doesNotContain("Exception").doesNotContain("lettuce").doesNotContain("redis");
        var ready = client.get("/health/ready");
        assertThat(ready.status()).isEqualTo(503);
        assertThat(ready.json().path("checks").path("redis").asText()).isEqualTo("DOWN");
        assertThat(ready.json().path("checks").path("database").asText()).isEqualTo("UP");

        startRedis();
        Eventually.until("readiness is back", () -> client.get("/health/ready").status() == 200);
        // This Redis kept nothing, so the session is gone: a clean 401, then a new sign-in works.
        assertThat(client.session().status()).isEqualTo(401);
        assertThat(client.login("outage@example.com", "through the outage 42").status()).isEqualTo(200);
        assertThat(client.session().status()).isEqualTo(200);
    }

    @Test
    void a_command_against_an_unreachable_redis_stops_with_one_line_and_no_password() throws IOException {
        int closedPort;
        try (var socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        var config = Config.from(Map.of("CARAFE_DATA_DIR", folder.resolve("cli").toString(),
                "CARAFE_DATABASE_URL", database.url(),
                "CARAFE_REDIS_URL", "redis://:hunter2@127.0.0.1:" + closedPort + "/0"));
        var cli = Main.commandLine(() -> config, new ByteArrayInputStream(new byte[0]));
        var err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));

        int exit = cli.execute("users", "list");

        assertThat(exit).isEqualTo(1);
        assertThat(err.toString().strip()).startsWith("Cannot connect to Redis at 127.0.0.1:" + closedPort)
                .doesNotContain("hunter2").doesNotContain("\tat ").hasLineCount(1);
    }
}
