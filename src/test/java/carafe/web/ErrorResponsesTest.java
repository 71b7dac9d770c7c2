package carafe.web;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Json;
import carafe.support.Response;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every failure is a problem+json (or an error page) that names nothing internal. */
class ErrorResponsesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static void assertProblem(Response response, int status) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.header("Cache-Control")).isNotBlank();
        var json = response.json();
        assertThat(json.path("status").asInt()).isEqualTo(status);
        assertThat(json.path("title").asText()).isNotBlank();
        assertThat(json.path("type").asText()).isEqualTo("about:blank");
        assertNoInternals(response.body());
    }

    private static void assertNoInternals(String body) {
        assertThat(body.toLowerCase()).doesNotContain("exception", "jetty", "javalin", "java.", "org.", "carafe.",
                "sql", "jooq", "stack", "\tat ");
    }

    @Test
    void an_unknown_api_route_is_404_problem_json() {
        assertProblem(server.client().get("/api/no-such-thing"), 404);
    }

    @Test
    void an_unknown_page_for_a_browser_is_an_html_404() {
        var response = server.client().get("/no-such-page", "Accept", "text/html");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).startsWith("text/html");
        assertThat(response.body()).contains("Not found");
        assertNoInternals(response.body());
    }

    @Test
    void a_wrong_method_is_405() {
        var response = server.client().send("DELETE", "/api/auth/session", null, null);

        assertProblem(response, 405);
    }

    @Test
    void malformed_json_is_400() {
        assertProblem(server.client().postJson("/api/auth/login", "{\"email\": "), 400);
    }

    @Test
    void a_body_that_is_not_json_is_415() {
        var response = server.client().send("POST", "/api/auth/login", "text/plain", "email=a");

        assertProblem(response, 415);
    }

    @Test
    void a_field_of_the_wrong_type_is_422_naming_the_field() {
        var response = server.client().postJson("/api/auth/login", "{\"email\": {\"x\": 1}, \"password\": \"p\"}");

        assertProblem(response, 422);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("email");
    }

    @Test
    void a_number_that_is_not_whole_or_too_large_for_its_field_is_422_saying_what_the_field_takes() {
        var client = server.signUp("numbers").client();

        for (String days : new String[] {"1.5", "99999999999", "\"soon\""}) {
            var response = client.postJson("/api/account/tokens", "{\"name\": \"script\", \"expiresInDays\": " + days + "}");

            assertProblem(response, 422);
            var error = response.json().path("errors").get(0);
            assertThat(error.path("field").asText()).as(days).isEqualTo("expiresInDays");
            assertThat(error.path("message").asText()).as(days).isEqualTo(Expected.WHOLE_NUMBER);
        }
        assertThat(client.get("/api/account/tokens").json()).isEmpty();
    }

    @Test
    void a_body_over_one_mebibyte_is_413() {
        String big = Json.object("email", "a".repeat(1024 * 1024 + 10), "password", "x");

        assertProblem(server.client().postJson("/api/auth/login", big), 413);
    }

    @Test
    void deeply_nested_json_is_400() {
        String deep = "{\"ignored\":" + "[".repeat(10_000) + "]".repeat(10_000) + ", \"email\": \"a@b.co\"}";

        assertProblem(server.client().postJson("/api/auth/login", deep), 400);
    }

    @Test
    void a_huge_number_is_400() {
        assertProblem(server.client().postJson("/api/auth/login", "{\"email\":" + "9".repeat(5000) + "}"), 400);
    }

    @Test
    void a_lone_surrogate_is_refused_not_stored() {
        var response = server.client().postJson("/api/auth/register",
                "{\"email\":\"" + CarafeServer.uniqueEmail("surrogate") + "\",\"name\":\"x\\ud800y\",\"password\":\"a long passphrase 42\"}");

        assertProblem(response, 422);
        assertThat(response.json().path("errors").get(0).path("field").asText()).isEqualTo("name");
    }

    @Test
    void a_nul_character_is_refused_not_stored() {
        var response = server.client().postJson("/api/auth/register",
                "{\"email\":\"" + CarafeServer.uniqueEmail("nul") + "\",\"name\":\"x\\u0000y\",\"password\":\"a long passphrase 42\"}");

        assertProblem(response, 422);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%00", "/api/%00/x", "/..%2f..%2fetc/passwd", "/%2e%2e/%2e%2e/", "/api/auth%2Fsession", "/%ff%fe"})
    void a_path_the_http_layer_rejects_still_gets_problem_json(String path) throws IOException {
        String raw = rawRequest("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");

        assertThat(raw).startsWith("HTTP/1.1 4");
        assertThat(raw).containsIgnoringCase("Content-Type: application/problem+json");
        assertNoInternals(raw.substring(raw.indexOf("\r\n\r\n")));
        assertThat(raw).doesNotContainIgnoringCase("Server: Jetty");
    }

    @Test
    void a_malformed_header_gets_problem_json() throws IOException {
        String raw = rawRequest("GET /health/live HTTP/1.1\r\nHost: 127.0.0.1\r\nBad Header\r\nConnection: close\r\n\r\n");

        assertThat(raw).startsWith("HTTP/1.1 400");
        assertThat(raw).containsIgnoringCase("Content-Type: application/problem+json");
    }

    @Test
    void no_response_names_the_server() {
        var response = server.client().get("/health/live");

        assertThat(response.header("Server")).isNull();
        assertThat(response.header("X-Powered-By")).isNull();
    }

    @Test
    void every_response_carries_the_security_headers_and_a_request_id() {
        var response = server.client().get("/api/no-such-thing");

        assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'").doesNotContain("unsafe-inline");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(response.header("X-Request-Id")).isNotBlank();
    }

    private static String rawRequest(String request) throws IOException {
        var url = java.net.URI.create(server.baseUrl());
        try (Socket socket = new Socket(url.getHost(), url.getPort())) {
            socket.setSoTimeout(10_000);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }
}
