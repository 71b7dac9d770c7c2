package carafe.auth;

import static carafe.support.CarafeServer.PASSWORD;
import static carafe.support.Html.assertIsHtml;
import static carafe.support.Html.field;
import static carafe.support.Html.form;
import static carafe.support.Html.hidden;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The sign-up form over real HTTP, as a browser without JavaScript uses it: errors next to the fields,
 * input kept (escaped, never the password), the form token and the site's own origin required.
 */
class SignUpPagesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final String SESSION = "carafe_session";

    @Test
    void signing_up_through_the_form_creates_the_account_and_signs_in() {
        var client = server.client();
        String email = CarafeServer.uniqueEmail("form-register");
        String token = hidden(client.get("/register").body(), "_csrf");

        var response = client.postForm("/register", form("_csrf", token, "name", "Katherine Johnson", "email", email,
                "password", PASSWORD));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/");
        assertThat(response.setCookie(SESSION)).isPresent();
        var session = client.session();
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.json().path("user").path("email").asText()).isEqualTo(email);
        assertThat(client.get("/").body())
                .contains("<p class=\"flash flash-success\" role=\"status\">Welcome to Carafe, Katherine Johnson.</p>")
                .contains("data-testid=\"signed-in-as\">Katherine Johnson</span>");
    }

    @Test
    void invalid_sign_up_fields_are_shown_next_to_them_with_the_input_kept_but_not_the_password() {
        var client = server.client();
        String token = hidden(client.get("/register").body(), "_csrf");
        String longName = "n".repeat(101);

        var response = client.postForm("/register", form("_csrf", token, "name", longName, "email", "not-an-email",
                "password", "sh0rtPw"));

        assertThat(response.status()).isEqualTo(422);
        assertIsHtml(response);
        String html = response.body();
        assertThat(field(html, "name")).contains("class=\"field has-error\"").contains("value=\"" + longName + "\"")
                .contains("aria-invalid=\"true\"").contains("aria-describedby=\"name-error\"")
                .contains("<p class=\"field-error\" id=\"name-error\">Name must be at most 100 characters.</p>");
        assertThat(field(html, "email")).contains("class=\"field has-error\"").contains("value=\"not-an-email\"")
                .contains("<p class=\"field-error\" id=\"email-error\">Email must be an email address");
        assertThat(field(html, "password")).contains("class=\"field has-error\"").contains("value=\"\"")
                .containsPattern("<p class=\"field-error\" id=\"password-error\">Password [^<]*at least 8[^<]*</p>");
        assertThat(html).doesNotContain("sh0rtPw");
        assertThat(response.setCookie(SESSION)).isEmpty();
        // The form still works: it carries a token for the same pre-session cookie.
        assertThat(hidden(html, "_csrf")).isEqualTo(token);
    }

    @Test
    void a_valid_field_shows_no_error_when_another_is_invalid() {
        var client = server.client();
        String token = hidden(client.get("/register").body(), "_csrf");

        var response = client.postForm("/register", form("_csrf", token, "name", "Valid Name", "email", "not-an-email",
                "password", PASSWORD));

        assertThat(response.status()).isEqualTo(422);
        assertThat(field(response.body(), "name")).contains("class=\"field\"").contains("value=\"Valid Name\"")
                .contains("aria-invalid=\"false\"").doesNotContain("field-error").doesNotContain("aria-describedby");
        assertThat(field(response.body(), "email")).contains("has-error");
        assertThat(field(response.body(), "password")).doesNotContain("field-error");
        assertThat(response.body()).doesNotContain(PASSWORD);
    }

    @Test
    void kept_input_is_escaped_in_the_form() {
        var client = server.client();
        String token = hidden(client.get("/register").body(), "_csrf");
        String evil = "\"><script>alert(1)</script>";

        var response = client.postForm("/register", form("_csrf", token, "name", evil, "email", evil, "password", "x"));

        assertThat(response.status()).isEqualTo(422);
        // Both the name and the email are shown again inside value="…": the quote must not end the attribute.
        assertThat(response.body()).doesNotContain("<script").doesNotContain("\"><")
                .containsPattern("value=\"(&#34;|&quot;)>?(&gt;)?&lt;script");
    }

    @Test
    void a_duplicate_email_is_reported_on_the_email_field_with_409() {
        String email = server.signUp("dup").email();
        var client = server.client();
        String token = hidden(client.get("/register").body(), "_csrf");

        var response = client.postForm("/register", form("_csrf", token, "name", "Second", "email", email,
                "password", PASSWORD));

        assertThat(response.status()).isEqualTo(409);
        assertIsHtml(response);
        assertThat(field(response.body(), "email")).contains("has-error").contains("value=\"" + email + "\"")
                .contains("<p class=\"field-error\" id=\"email-error\">Email is already registered; sign in instead.</p>");
        assertThat(field(response.body(), "name")).contains("value=\"Second\"").doesNotContain("field-error");
        assertThat(response.body()).doesNotContain(PASSWORD);
        assertThat(response.setCookie(SESSION)).isEmpty();
    }

    @Test
    void a_sign_up_post_without_the_form_token_is_refused() {
        var client = server.client();
        client.get("/register");
        String email = CarafeServer.uniqueEmail("register-no-token");

        var response = client.postForm("/register", form("name", "No Token", "email", email, "password", PASSWORD));

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.body()).contains("This form has expired. Please submit it again.");
        assertThat(response.setCookie(SESSION)).isEmpty();
        // Nothing was created: the address is still free.
        assertThat(server.client().register(email, "Later", PASSWORD).status()).isEqualTo(201);
    }

    @Test
    void a_sign_up_post_from_another_origin_is_refused() {
        var client = server.client();
        String token = hidden(client.get("/register").body(), "_csrf");

        var response = client.postForm("/register", form("_csrf", token, "name", "Evil", "email",
                CarafeServer.uniqueEmail("register-origin"), "password", PASSWORD), "Origin", "https://evil.example");

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.setCookie(SESSION)).isEmpty();
        assertThat(client.session().status()).isEqualTo(401);
    }

    @Test
    void a_signed_in_user_asking_for_the_register_page_goes_home() {
        var client = server.signUp("register-again").client();

        var response = client.get("/register", "Accept", "text/html");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/");
    }
}
