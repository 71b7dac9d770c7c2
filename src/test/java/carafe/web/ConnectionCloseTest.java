package carafe.web;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.app.App;
import carafe.app.Config;
import carafe.support.CarafeServer;
import carafe.support.Eventually;
import carafe.support.RawConnection;
import carafe.support.TestDatabase;
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

    static Stream<Arguments> requests() {
        return Stream.of(
                closes("a path with %00", get("/api/notes/%00"), 400),
                closes("a path that climbs out with ..", get("/api/../../etc/passwd"), 400),
                closes("a path that is not UTF-8", get("/api/notes/%ff"), 400),
                closes("a request line too long", get("/" + "a".repeat(20_000)), 414),
                closes("an unknown HTTP version", bytes("GET /health/live HTTP/1.7\r\nHost: carafe\r\n\r\n"), 505),
                closes("a malformed header", bytes("GET /health/live HTTP/1.1\r\nHost: carafe\r\nBad Header: x\r\n\r\n"), 400),
                closes("headers too large", bytes("GET /health/live HTTP/1.1\r\nHost: carafe\r\nX-Big: "
                        + "a".repeat(20_000) + "\r\n\r\n"), 431),
                closes("no Host header", bytes("GET /health/live HTTP/1.1\r\n\r\n"), 400),
                closes("a body larger than the limit", post("/api/auth/login",
                        "Content-Length: " + 2 * 1024 * 1024, "x".repeat(2 * 1024 * 1024)), 413),
                closes("a chunked body that grows past the limit", post("/api/auth/login",
                        "Transfer-Encoding: chunked", "200000\r\n" + "x".repeat(0x200000) + "\r\n0\r\n\r\n"), 413),
                closes("a malformed chunked body", post("/api/auth/login",
                        "Transfer-Encoding: chunked", "zz\r\n{}\r\n0\r\n\r\n"), 400),
                closes("an answer given before the body was read", post("/api/notes",
                        "Content-Length: 200000", "x".repeat(200_000)), 401),
                closes("an HTTP/1.0 request", bytes("GET /health/live HTTP/1.0\r\n\r\n"), 200),
                closes("a client that asks for the close", bytes("GET /health/live HTTP/1.1\r\nHost: carafe\r\n"
                        + "Connection: close\r\n\r\n"), 200),
                keepsOpen("a plain read", get("/health/live"), 200),
                keepsOpen("an HTTP/1.0 request asking for keep-alive",
                        bytes("GET /health/live HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"), 200),
                keepsOpen("an unknown route", get("/api/nowhere"), 404),
                keepsOpen("an error answered after a small body arrived",
                        post("/api/notes", "Content-Length: 15", "{\"title\":\"x\"}  "), 401),
                keepsOpen("malformed JSON", post("/api/auth/login", "Content-Length: 5", "{{{{{"), 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void an_answer_says_connection_close_exactly_when_the_connection_closes_after_it(String what, byte[] request,
                                                                                   int status, boolean closes) {
        for (int attempt = 1; attempt <= TRIES; attempt++) {
            try (var connection = RawConnection.open(server.baseUrl())) {
                String tried = what + ", attempt " + attempt;

                var answer = connection.send(request).read();

                assertThat(answer.status()).as(tried).isEqualTo(status);
                assertThat(answer.saysClose()).as(tried + ": says Connection: close").isEqualTo(closes);
                if (closes) {
                    assertThat(connection.closedByServer()).as(tried + ": closed").isTrue();
                } else {
                    assertThat(connection.send(NEXT).read().status()).as(tried + ": the next request on it").isEqualTo(200);
                }
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
                    Eventually.until("the drain has begun", () -> RawConnection.refused(port));

                    var answer = connection.send(NEXT).read();

                    assertThat(answer.saysClose()).isTrue();
                    assertThat(connection.closedByServer()).isTrue();
                } finally {
                    stopped.get();
                }
            }
        }
    }

    private static Arguments closes(String what, byte[] request, int status) {
        return Arguments.of(what, request, status, true);
    }

    private static Arguments keepsOpen(String what, byte[] request, int status) {
        return Arguments.of(what, request, status, false);
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
