package carafe.web;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The headers every page carries, and pages the Content-Security-Policy can hold to: nothing inline. */
class SecurityHeadersTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    @Test
    void pages_carry_the_security_headers() {
        var response = server.client().get("/", "Accept", "text/html");

        String csp = response.header("Content-Security-Policy");
        assertThat(csp).isNotNull()
                .contains("default-src 'self'")
                .contains("script-src 'self'")
                .contains("style-src 'self'")
                .contains("frame-ancestors 'none'")
                .contains("form-action 'self'")
                .contains("object-src 'none'")
                .doesNotContain("unsafe-inline")
                .doesNotContain("unsafe-eval");
        assertThat(response.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(response.header("X-Frame-Options")).isEqualTo("DENY");
        assertThat(response.header("Referrer-Policy")).isEqualTo("same-origin");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        // Served over plain http in tests: no HSTS, which only means something over https.
        assertThat(response.header("Strict-Transport-Security")).isNull();
        assertThat(response.header("Server")).isNull();
    }

    @Test
    void the_pages_have_no_inline_scripts_styles_or_event_handlers() {
        var client = server.client();
        for (String path : new String[] {"/", "/login", "/register"}) {
            String html = client.get(path, "Accept", "text/html").body();
            // The one script a page may load is a fingerprinted static file of ours (the passkeys' on /login).
            assertThat(html).as(path).doesNotContainPattern("<script(?![^>]*\\ssrc=\"/static/[a-z]+\\.[0-9a-f]{12}\\.js\")")
                    .doesNotContain("<style").doesNotContain(" style=")
                    .doesNotContainPattern("(?i)\\son[a-z]+=");
        }
    }
}
