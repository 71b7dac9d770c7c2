package carafe.web;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.app.App;
import carafe.app.Config;
import carafe.support.CarafeServer;
import carafe.support.Eventually;
import carafe.support.RawConnection;
import carafe.support.TestDatabase;
import java.io.IOException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every answer after which the server closes its connection says {@code Connection: close} (RFC 9112
 * §9.6), so a client never sends its next request into a connection that is going away; every other
 * answer leaves the connection open for the next request. Each case is tried several times over a
 * raw socket, reading the header and then waiting for the server's close.
 */
class ConnectionCloseTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final int TRIES = 5;
    private static final String NEXT = "GET /health/live HTTP/1.1\r\nHost: carafe\r\n\r\n";

    static Stream<Arguments> requests_the_server_closes_after() {
        return Stream.of(
                Arguments.of("a path with %00", get("/api/notes/%00"), 400),
                Arguments.of("a path that climbs out with ..", get("/api/../../etc/passwd"), 400),
                Arguments.of("a path that is not UTF-8", get("/api/notes/%ff"), 400),
                Arguments.of("a request line too long", get("/" + "a".repeat(20_000)), 414),
                Arguments.of("an unknown HTTP version", bytes("GET /health/live HTTP/1.7\r\nHost: carafe\r\n\r\n"), 505),
                Arguments.of("a malformed header", bytes("GET /health/live HTTP/1.1\r\nHost: carafe\r\nBad Header: x\r\n\r\n"), 400),
                Arguments.of("headers too large", bytes("GET /health/live HTTP/1.1\r\nHost: carafe\r\nX-Big: "
                        + "a".repeat(20_000) + "\r\n\r\n"), 431),
                Arguments.of("no Host header", bytes("GET /health/live HTTP/1.1\r\n\r\n"), 400),
                Arguments.of("a body larger than the limit", post("/api/auth/login",
                        "Content-Length: " + 2 * 1024 * 1024, "x".repeat(2 * 1024 * 1024)), 413),
                Arguments.of("a chunked body that grows past the limit", post("/api/auth/login",
                        "Transfer-Encoding: chunked", "200000\r\n" + "x".repeat(0x200000) + "\r\n0\r\n\r\n"), 413),
                Arguments.of("a malformed chunked body", post("/api/auth/login",
                        "Transfer-Encoding: chunked", "zz\r\n{}\r\n0\r\n\r\n"), 400),
                Arguments.of("an answer given before the body was read", post("/api/notes",
                        "Content-Length: 200000", "x".repeat(200_000)), 401),
                Arguments.of("an HTTP/1.0 request", bytes("GET /health/live HTTP/1.0\r\n\r\n"), 200),
                Arguments.of("a client that asks for the close", bytes("GET /health/live HTTP/1.1\r\nHost: carafe\r\n"
                        + "Connection: close\r\n\r\n"), 200));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests_the_server_closes_after")
    void an_answer_after_which_the_connection_closes_says_so(String what, byte[] request, int status) {
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            try (var connection = RawConnection.open(server.baseUrl())) {
                var answer = connection.send(request).read();

                assertThat(answer.status()).as("%s, attempt %d", what, attempt).isEqualTo(status);
                assertThat(answer.saysClose()).as("%s, attempt %d: Connection: close", what, attempt).isTrue();
                assertThat(connection.closedByServer()).as("%s, attempt %d: closed", what, attempt).isTrue();
            }
        }
    }

    static Stream<Arguments> requests_the_connection_outlives() {
        return Stream.of(
                Arguments.of("a plain read", get("/health/live"), 200),
                Arguments.of("an HTTP/1.0 request asking for keep-alive",
                        bytes("GET /health/live HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"), 200),
                Arguments.of("an unknown route", get("/api/nowhere"), 404),
                Arguments.of("an error answered after a small body arrived",
                        post("/api/notes", "Content-Length: 15", "{\"title\":\"x\"}  "), 401),
                Arguments.of("malformed JSON", post("/api/auth/login", "Content-Length: 5", "{{{{{"), 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests_the_connection_outlives")
    void any_other_answer_keeps_the_connection_for_the_next_request(String what, byte[] request, int status) {
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            try (var connection = RawConnection.open(server.baseUrl())) {
                var answer = connection.send(request).read();

                assertThat(answer.status()).as("%s, attempt %d", what, attempt).isEqualTo(status);
                assertThat(answer.saysClose()).as("%s, attempt %d: no Connection: close", what, attempt).isFalse();
                assertThat(connection.send(NEXT).read().status()).as("%s, attempt %d: the next request", what, attempt)
                        .isEqualTo(200);
            }
        }
    }

    @Test
    void while_draining_every_answer_says_close_and_closes(@TempDir Path folder) throws Exception {
        try (var database = TestDatabase.create(folder)) {
            var draining = App.create(Config.from(Map.of("CARAFE_HOST", "127.0.0.1", "CARAFE_PORT", "0",
                    "CARAFE_DATA_DIR", folder.toString(), "CARAFE_DATABASE_URL", database.url(),
                    "CARAFE_SHUTDOWN_DRAIN", "2s")), Clock.systemUTC()).start();
            int port = draining.port();
            try (var connection = RawConnection.open("http://127.0.0.1:" + port)) {
                assertThat(connection.send(NEXT).read().saysClose()).as("before the drain").isFalse();
                var stopped = CompletableFuture.runAsync(draining::close);
                try {
                    Eventually.until("the drain has begun", () -> refusesConnections(port));

                    var answer = connection.send(NEXT).read();

                    assertThat(answer.saysClose()).isTrue();
                    assertThat(connection.closedByServer()).isTrue();
                } finally {
                    stopped.get();
                }
            }
        }
    }

    private static boolean refusesConnections(int port) {
        try (var probe = new Socket("127.0.0.1", port)) {
            return false;
        } catch (IOException refused) {
            return true;
        }
    }

    private static byte[] get(String path) {
        return bytes("GET " + path + " HTTP/1.1\r\nHost: carafe\r\n\r\n");
    }

    private static byte[] post(String path, String framing, String body) {
        return bytes("POST " + path + " HTTP/1.1\r\nHost: carafe\r\nContent-Type: application/json\r\n" + framing
                + "\r\n\r\n" + body);
    }

    private static byte[] bytes(String request) {
        return request.getBytes(StandardCharsets.ISO_8859_1);
    }
}
