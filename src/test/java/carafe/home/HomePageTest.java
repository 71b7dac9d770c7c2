package carafe.home;

import static carafe.support.Html.assertIsHtml;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The home page over real HTTP: what it offers a visitor, and a signed-in user's name, escaped. */
class HomePageTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    @Test
    void the_landing_page_links_to_sign_in_and_sign_up() {
        var response = server.client().get("/", "Accept", "text/html");

        assertThat(response.status()).isEqualTo(200);
        assertIsHtml(response);
        assertThat(response.body()).startsWith("<!doctype html>")
                .contains("<title>Home · Carafe</title>")
                .contains("<a href=\"/login\">Sign in</a>")
                .contains("<a href=\"/register\" class=\"button\">Create account</a>")
                .contains("Welcome to Carafe")
                .doesNotContain("data-testid=\"signed-in-as\"")
                .doesNotContain("action=\"/logout\"");
    }

    @Test
    void a_users_name_is_escaped_on_every_page() {
        String name = "<script>alert(1)</script>";
        var client = server.signUp("xss", name).client();

        String html = client.get("/", "Accept", "text/html").body();

        assertThat(html).doesNotContain(name)
                .contains("data-testid=\"signed-in-as\">&lt;script&gt;alert(1)&lt;/script&gt;</span>")
                .contains("<h1>Hello, &lt;script&gt;alert(1)&lt;/script&gt;</h1>");
    }
}
