package carafe.auth;

import static carafe.support.Html.assertIsHtml;
import static carafe.support.Html.form;
import static carafe.support.Html.hidden;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Signing out through the form: only with the session's CSRF token, and the session dies on the server too. */
class SignOutPagesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final String SESSION = "carafe_session";

    @Test
    void the_logout_form_carries_the_sessions_csrf_token() {
        var client = server.signUp("logout-form").client();

        String html = client.get("/").body();

        assertThat(html).contains("<form method=\"post\" action=\"/logout\" class=\"inline\">");
        assertThat(hidden(html, "_csrf")).isEqualTo(client.csrfToken());
    }

    @Test
    void a_logout_post_without_the_csrf_token_is_refused_and_the_session_lives_on() {
        var client = server.signUp("logout-no-token").client();

        var response = client.postForm("/logout", Map.of());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.setCookie(SESSION)).isEmpty();
        assertThat(client.session().status()).isEqualTo(200);
    }

    @Test
    void a_logout_post_with_a_wrong_csrf_token_is_refused() {
        var client = server.signUp("logout-wrong").client();
        var other = server.signUp("logout-other").client();

        var response = client.postForm("/logout", form("_csrf", other.csrfToken()), "Accept", "text/html");

        assertThat(response.status()).isEqualTo(403);
        assertIsHtml(response);
        assertThat(client.session().status()).isEqualTo(200);
    }

    @Test
    void logout_through_the_form_kills_the_session() {
        var client = server.signUp("logout").client();
        String sessionCookie = client.cookies().get(SESSION);
        String token = hidden(client.get("/").body(), "_csrf");

        var response = client.postForm("/logout", form("_csrf", token));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/");
        assertThat(response.setCookie(SESSION)).hasValueSatisfying(c -> assertThat(c)
                .startsWith(SESSION + "=;").contains("Max-Age=0"));
        assertThat(client.session().status()).isEqualTo(401);
        // Dead on the server too, not only forgotten by this browser.
        var replay = server.client();
        replay.cookies().put(SESSION, sessionCookie);
        assertThat(replay.session().status()).isEqualTo(401);
        assertThat(replay.get("/").body()).doesNotContain("signed-in-as");
    }

    @Test
    void after_logout_the_home_page_shows_the_signed_out_flash_once() {
        var client = server.signUp("logout-flash").client();
        client.postForm("/logout", form("_csrf", hidden(client.get("/").body(), "_csrf")));

        String first = client.get("/").body();
        assertThat(first).contains("<p class=\"flash flash-info\" role=\"status\">You have been signed out.</p>")
                .contains("<a href=\"/login\">Sign in</a>").doesNotContain("signed-in-as");

        assertThat(client.get("/").body()).doesNotContain("You have been signed out.");
    }
}
