package carafe.web;

import static carafe.support.Html.assertIsHtml;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Unknown pages: an error page in the layout for a browser, problem+json for everyone else, nothing unescaped. */
class ErrorPagesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    @Test
    void an_unknown_page_asked_for_as_html_gets_the_error_page_in_the_layout() {
        var response = server.client().get("/no/such/page", "Accept", "text/html,application/xhtml+xml,*/*;q=0.8");

        assertThat(response.status()).isEqualTo(404);
        assertIsHtml(response);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Content-Security-Policy")).contains("frame-ancestors 'none'");
        assertThat(response.body()).startsWith("<!doctype html>")
                .contains("<title>Not found · Carafe</title>")
                .contains("<header class=\"site-header\">")
                .containsPattern("<link rel=\"stylesheet\" href=\"/static/app\\.[0-9a-f]{12}\\.css\">")
                .contains("<h1>Not found</h1>")
                .contains("Error 404.");
    }

    @Test
    void an_unknown_page_asked_for_without_html_gets_problem_json() {
        var response = server.client().get("/no/such/page");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("status").asInt()).isEqualTo(404);
        assertThat(response.json().path("title").asText()).isEqualTo("Not found");
    }

    @Test
    void an_unknown_api_path_gets_problem_json_even_when_html_is_accepted() {
        var response = server.client().get("/api/no/such/thing", "Accept", "text/html");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
    }

    @Test
    void the_error_page_escapes_the_requested_path() {
        var response = server.client().get("/%3Cscript%3Ealert(1)%3C/script%3E", "Accept", "text/html");

        assertThat(response.status()).isEqualTo(404);
        assertThat(response.body()).doesNotContain("<script>");
    }

    @Test
    void the_error_page_shows_who_is_signed_in() {
        var client = server.signUp("lost", "Lost Larry").client();

        var page = client.get("/no-such-page-for-larry", "Accept", "text/html");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("Not found").contains("Lost Larry").contains("Sign out");
    }
}
