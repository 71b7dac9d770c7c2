package carafe.web;

import static carafe.support.Html.firstGroup;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The stylesheet and the passkeys script: served under fingerprinted names only, cached for a year. */
class AssetsTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    @Test
    void the_stylesheet_is_fingerprinted_and_cached_for_a_year() {
        String html = server.client().get("/").body();
        String href = firstGroup(html, "<link rel=\"stylesheet\" href=\"([^\"]+)\">");
        assertThat(href).matches("/static/app\\.[0-9a-f]{12}\\.css");

        var css = server.client().get(href);

        assertThat(css.status()).isEqualTo(200);
        assertThat(css.mediaType()).isEqualTo("text/css;charset=utf-8");
        assertThat(css.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(css.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(css.body()).contains(".site-header");
    }

    @Test
    void the_passkeys_script_is_fingerprinted_cached_for_a_year_and_served_as_javascript() throws Exception {
        String src = firstGroup(server.client().get("/login").body(), "<script src=\"([^\"]+)\" defer></script>");
        byte[] bytes;
        try (var in = AssetsTest.class.getResourceAsStream("/static/passkeys.js")) {
            bytes = in.readAllBytes();
        }
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));
        assertThat(src).isEqualTo("/static/passkeys." + sha256.substring(0, 12) + ".js");

        var script = server.client().get(src);

        assertThat(script.status()).isEqualTo(200);
        assertThat(script.mediaType()).isEqualTo("text/javascript;charset=utf-8");
        assertThat(script.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(script.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(script.body()).contains("parseRequestOptionsFromJSON");
        assertThat(server.client().get("/static/passkeys.js").status()).isEqualTo(404);
    }

    @Test
    void the_fingerprint_is_the_start_of_the_stylesheets_sha256() throws Exception {
        String href = firstGroup(server.client().get("/").body(), "href=\"(/static/app\\.[0-9a-f]{12}\\.css)\"");
        byte[] bytes;
        try (var in = AssetsTest.class.getResourceAsStream("/static/app.css")) {
            bytes = in.readAllBytes();
        }
        String sha256 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(bytes));

        assertThat(href).isEqualTo("/static/app." + sha256.substring(0, 12) + ".css");
    }

    @Test
    void only_fingerprinted_asset_names_exist() {
        var client = server.client();

        var plain = client.get("/static/app.css");
        assertThat(plain.status()).isEqualTo(404);
        assertThat(plain.contentType()).isEqualTo("application/problem+json");
        assertThat(plain.header("Cache-Control")).isEqualTo("no-store");

        assertThat(client.get("/static/app.000000000000.css").status()).isEqualTo(404);
        assertThat(client.get("/static/app.css", "Accept", "text/html").status()).isEqualTo(404);
    }
}
