package carafe.support;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** An HTTP answer as tests look at it: status, headers, body text and its JSON. */
public record Response(int status, java.net.http.HttpHeaders headers, String body) {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    static Response of(HttpResponse<String> response) {
        return new Response(response.statusCode(), response.headers(), response.body());
    }

    public JsonNode json() {
        try {
            return MAPPER.readTree(body);
        } catch (Exception e) {
            throw new AssertionError("Not JSON: " + body, e);
        }
    }

    public String header(String name) {
        return headers.firstValue(name).orElse(null);
    }

    public List<String> setCookies() {
        return headers.allValues("Set-Cookie");
    }

    /** The Set-Cookie header for one cookie name, if the response set it. */
    public Optional<String> setCookie(String name) {
        return setCookies().stream().filter(c -> c.startsWith(name + "=")).findFirst();
    }

    public String contentType() {
        return header("Content-Type");
    }

    /** The Content-Type without spaces and in lower case, so "text/html; charset=UTF-8" compares equal. */
    public String mediaType() {
        assertThat(contentType()).as("Content-Type").isNotNull();
        return contentType().replace(" ", "").toLowerCase(Locale.ROOT);
    }
}
