package carafe.auth;

import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Json;
import carafe.support.TestDatabase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A burst of sign-ins against {@code carafe serve} in its own JVM with a small heap. Every login costs
 * an Argon2id verification of 7 MiB; the hashing gate must turn the overload into waiting or 503s,
 * never into an OutOfMemoryError or a dead process.
 */
class LoginFloodTest {
    private static final int LOGINS = 200;
    private static final Duration HTTP_TIMEOUT = Duration.ofSeconds(60);
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private static Path folder;
    private static Path output;
    private static TestDatabase database;
    private static Process carafe;
    private static String baseUrl;

    @BeforeAll
    static void start_carafe_in_its_own_small_jvm() throws Exception {
        folder = Files.createTempDirectory("carafe-flood");
        output = folder.resolve("carafe.log");
        database = TestDatabase.create(folder);
        int port = freePort();
        baseUrl = "http://127.0.0.1:" + port;

        var command = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"),
                "carafe.app.Main", "serve");
        Map<String, String> environment = command.environment();
        environment.keySet().removeIf(name -> name.startsWith("CARAFE_"));
        environment.put("CARAFE_HOST", "127.0.0.1");
        environment.put("CARAFE_PORT", Integer.toString(port));
        environment.put("CARAFE_DATA_DIR", folder.resolve("data").toString());
        environment.put("CARAFE_DATABASE_URL", database.url());
        // The flood is on one account from one address: with the usual limits all but the first few
        // logins would get 429 before hashing, and the hashing gate would go untested.
        environment.put("CARAFE_LIMIT_LOGIN_ACCOUNT", "100000/1h");
        environment.put("CARAFE_LIMIT_LOGIN_IP", "100000/1h");
        // The working folder holds no carafe.properties, so only the settings above apply.
        carafe = command.directory(folder.toFile())
                .redirectErrorStream(true)
                .redirectOutput(output.toFile())
                .start();

        waitUntilLive(Duration.ofSeconds(30));
    }

    @AfterAll
    static void stop_carafe() throws Exception {
        try {
            if (carafe != null) {
                carafe.destroy();
                if (!carafe.waitFor(15, TimeUnit.SECONDS)) {
                    carafe.destroyForcibly();
                    carafe.waitFor(15, TimeUnit.SECONDS);
                }
            }
        } finally {
            try {
                if (database != null) database.close();
            } finally {
                deleteQuietly(folder);
            }
        }
    }

    @Test
    void two_hundred_simultaneous_logins_are_answered_without_running_out_of_memory() throws Exception {
        String email = CarafeServer.uniqueEmail("flood");
        assertThat(new Client(baseUrl).register(email, "Flood", PASSWORD).status()).isEqualTo(201);

        long started = System.nanoTime();
        List<Object> outcomes = loginsAllAtOnce(email);
        long elapsedMs = (System.nanoTime() - started) / 1_000_000;

        var counts = new TreeMap<String, Integer>();
        outcomes.forEach(outcome -> counts.merge(String.valueOf(outcome), 1, Integer::sum));
        System.out.printf("Login flood on %s: %d logins in %d ms, outcomes %s%n",
                TestDatabase.KIND, LOGINS, elapsedMs, counts);

        // The server's own errors, to explain any unexpected outcome.
        try (Stream<String> lines = Files.lines(output)) {
            lines.filter(line -> line.contains(" ERROR ") || line.contains("Exception")).limit(40)
                    .forEach(line -> System.out.println("carafe: " + line));
        }
        assertThat(outcomes).as("statuses (or exceptions) of %d logins: %s", LOGINS, counts)
                .hasSize(LOGINS)
                .allMatch(outcome -> List.of(200, 401, 429, 503).contains(outcome));
        assertThat(carafe.isAlive()).as("the Carafe process is still running").isTrue();
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(Files.readString(output)).doesNotContain("OutOfMemoryError");
    }

    /** Half right, half wrong passwords, released together; each outcome is a status or the client's exception. */
    private static List<Object> loginsAllAtOnce(String email) throws Exception {
        var startGate = new CountDownLatch(1);
        try (var executor = Executors.newVirtualThreadPerTaskExecutor()) {
            var futures = new ArrayList<Future<Object>>();
            for (int i = 0; i < LOGINS; i++) {
                String password = i % 2 == 0 ? PASSWORD : PASSWORD + " but wrong";
                String body = Json.object("email", email, "password", password);
                futures.add(executor.submit(() -> {
                    startGate.await();
                    try {
                        return (Object) post("/api/auth/login", body).statusCode();
                    } catch (IOException e) {
                        return e.getClass().getSimpleName() + ": " + e.getMessage();
                    }
                }));
            }
            startGate.countDown();
            var outcomes = new ArrayList<Object>();
            for (var future : futures) outcomes.add(future.get(3, TimeUnit.MINUTES));
            return outcomes;
        }
    }

    private static void waitUntilLive(Duration limit) throws Exception {
        long deadline = System.nanoTime() + limit.toNanos();
        while (System.nanoTime() < deadline) {
            if (!carafe.isAlive()) {
                fail("Carafe exited with " + carafe.exitValue() + " before it answered:\n" + Files.readString(output));
            }
            try {
                if (get("/health/live").statusCode() == 200) return;
            } catch (IOException notYet) {
                // Not listening yet.
            }
            Thread.sleep(100);
        }
        fail("Carafe did not answer /health/live within " + limit.toSeconds() + " s:\n" + Files.readString(output));
    }

    private static HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(HTTP_TIMEOUT).GET().build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(String path, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(HTTP_TIMEOUT)
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    private static void deleteQuietly(Path folder) {
        if (folder == null) return;
        try (Stream<Path> files = Files.walk(folder)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
