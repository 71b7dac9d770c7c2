package carafe.auth;

import static carafe.support.CarafeServer.PASSWORD;
import static carafe.support.Html.assertIsHtml;
import static carafe.support.Html.field;
import static carafe.support.Html.form;
import static carafe.support.Html.hidden;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The sign-in form over real HTTP, as a browser without JavaScript uses it: the pre-session cookie and
 * its form token against login CSRF, the flash, remember me, and the next page kept but never off-site.
 */
class SignInPagesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final String SESSION = "carafe_session";
    private static final String PRE_SESSION = "carafe_presession";
    private static final String FLASH = "carafe_flash";

    @Test
    void the_login_form_sets_a_pre_session_cookie_and_carries_a_token_for_it() {
        var client = server.client();

        var response = client.get("/login", "Accept", "text/html");

        assertThat(response.status()).isEqualTo(200);
        assertIsHtml(response);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        String cookie = response.setCookie(PRE_SESSION).orElseThrow();
        assertThat(cookie).matches(PRE_SESSION + "=[A-Za-z0-9_-]{43}; Path=/; HttpOnly; SameSite=Lax")
                .doesNotContain("Max-Age");
        assertThat(hidden(response.body(), "_csrf")).matches("[A-Za-z0-9_-]{43}");
        assertThat(response.body()).contains("<form method=\"post\" action=\"/login\"")
                .contains("name=\"email\"").contains("name=\"password\" type=\"password\"");
        assertThat(response.setCookie(SESSION)).isEmpty();
    }

    @Test
    void the_pre_session_cookie_is_kept_and_its_token_is_stable() {
        var client = server.client();
        var first = client.get("/login");
        String cookie = client.cookies().get(PRE_SESSION);

        var second = client.get("/register");

        assertThat(second.setCookie(PRE_SESSION)).isEmpty();
        assertThat(client.cookies().get(PRE_SESSION)).isEqualTo(cookie);
        assertThat(hidden(second.body(), "_csrf")).isEqualTo(hidden(first.body(), "_csrf"));
    }

    @Test
    void signing_in_through_the_form_redirects_home_with_a_session_and_a_flash() {
        String email = server.signUp("form-login").email();
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", email, "password", PASSWORD));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/");
        assertThat(response.setCookie(SESSION)).hasValueSatisfying(c -> assertThat(c)
                .matches(SESSION + "=[^;]+; Path=/; HttpOnly; SameSite=Lax").doesNotContain("Max-Age"));
        assertThat(response.setCookie(FLASH)).isPresent();
        assertThat(client.session().status()).isEqualTo(200);
    }

    @Test
    void after_signing_in_the_home_page_shows_the_name_and_the_flash_once() {
        String email = server.signUp("flash", "Grace Hopper").email();
        var client = server.client();
        signInWithForm(client, email, PASSWORD, "/");

        var first = client.get("/", "Accept", "text/html");
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body())
                .contains("<span class=\"who\" data-testid=\"signed-in-as\">Grace Hopper</span>")
                .contains("<h1>Hello, Grace Hopper</h1>")
                .contains("You are signed in as " + email + ".")
                .contains("<p class=\"flash flash-success\" role=\"status\">Welcome back, Grace Hopper.</p>")
                .contains("action=\"/logout\"")
                .doesNotContain("<a href=\"/login\">Sign in</a>");
        assertThat(first.setCookie(FLASH)).hasValueSatisfying(c -> assertThat(c).contains("Max-Age=0"));

        var second = client.get("/", "Accept", "text/html");
        assertThat(second.body()).contains("Grace Hopper").doesNotContain("Welcome back").doesNotContain("role=\"status\"");
    }

    @Test
    void remember_me_makes_the_session_cookie_persistent() {
        String email = server.signUp("remember").email();
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", email,
                "password", PASSWORD, "remember", "on"));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.setCookie(SESSION)).hasValueSatisfying(c -> assertThat(c).containsPattern("; Max-Age=[1-9]\\d*;"));
    }

    @Test
    void a_wrong_password_shows_the_form_again_with_the_email_kept() {
        String email = server.signUp("wrong").email();
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", email,
                "password", "not the password 42"));

        assertThat(response.status()).isEqualTo(401);
        assertIsHtml(response);
        assertThat(response.body()).contains("Invalid email or password.")
                .contains("value=\"" + email + "\"")
                .doesNotContain("not the password 42");
        assertThat(response.setCookie(SESSION)).isEmpty();
        assertThat(client.session().status()).isEqualTo(401);
    }

    @Test
    void empty_login_fields_are_reported_next_to_them() {
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", "", "password", ""));

        assertThat(response.status()).isEqualTo(422);
        assertThat(field(response.body(), "email")).contains("has-error").contains("aria-invalid=\"true\"")
                .contains("<p class=\"field-error\" id=\"email-error\">Email is required.</p>");
        assertThat(field(response.body(), "password")).contains("has-error")
                .contains("<p class=\"field-error\" id=\"password-error\">Password is required.</p>");
    }

    @Test
    void a_users_name_is_escaped_in_the_flash_message() {
        String name = "<img src=x onerror=alert(1)>";
        String email = server.signUp("xss-flash", name).email();
        var client = server.client();
        signInWithForm(client, email, PASSWORD, "/");

        String html = client.get("/", "Accept", "text/html").body();

        assertThat(html).doesNotContain(name).doesNotContain("<img")
                .contains("Welcome back, &lt;img src=x onerror=alert(1)&gt;.");
    }

    @Test
    void a_login_post_without_the_form_token_is_refused() {
        String email = server.signUp("no-token").email();
        var client = server.client();
        client.get("/login");

        var response = client.postForm("/login", form("next", "/", "email", email, "password", PASSWORD));

        assertRefusedLogin(client, response);
    }

    @Test
    void a_login_post_with_a_wrong_form_token_is_refused() {
        String email = server.signUp("bad-token").email();
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");
        String wrong = (token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1);

        var response = client.postForm("/login", form("_csrf", wrong, "next", "/", "email", email, "password", PASSWORD));

        assertRefusedLogin(client, response);
    }

    @Test
    void a_login_post_without_the_pre_session_cookie_is_refused() {
        String email = server.signUp("no-cookie").email();
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");
        client.cookies().remove(PRE_SESSION);

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", email, "password", PASSWORD));

        assertRefusedLogin(client, response);
    }

    @Test
    void a_form_token_from_another_browser_is_refused() {
        // Login CSRF: the attacker fetches a token for their own cookie and makes the victim post it.
        String email = server.signUp("attacker").email();
        String attackersToken = hidden(server.client().get("/login").body(), "_csrf");
        var victim = server.client();
        victim.get("/login");

        var response = victim.postForm("/login", form("_csrf", attackersToken, "next", "/", "email", email,
                "password", PASSWORD));

        assertRefusedLogin(victim, response);
    }

    @Test
    void a_login_post_from_another_origin_is_refused_even_with_a_good_token() {
        String email = server.signUp("origin").email();
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", email, "password", PASSWORD),
                "Origin", "https://evil.example");

        assertRefusedLogin(client, response);
    }

    @Test
    void a_login_post_marked_cross_site_by_the_browser_is_refused() {
        String email = server.signUp("fetch-site").email();
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", email, "password", PASSWORD),
                "Sec-Fetch-Site", "cross-site");

        assertRefusedLogin(client, response);
    }

    @Test
    void a_login_post_from_the_sites_own_origin_is_accepted() {
        String email = server.signUp("same-origin").email();
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", email, "password", PASSWORD),
                "Origin", server.baseUrl(), "Sec-Fetch-Site", "same-origin");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.setCookie(SESSION)).isPresent();
    }

    @Test
    void the_next_page_is_kept_through_the_form() {
        String email = server.signUp("next").email();
        var client = server.client();
        String html = client.get("/login?next=/some/path").body();
        assertThat(hidden(html, "next")).isEqualTo("/some/path");

        var response = client.postForm("/login", form("_csrf", hidden(html, "_csrf"), "next", hidden(html, "next"),
                "email", email, "password", PASSWORD));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/some/path");
    }

    @Test
    void a_next_page_on_another_site_is_replaced_by_home_in_the_form() {
        String email = server.signUp("open-redirect").email();
        var client = server.client();
        String html = client.get("/login?next=//evil.example").body();
        assertThat(hidden(html, "next")).isEqualTo("/");
        assertThat(html).doesNotContain("evil.example");

        var response = client.postForm("/login", form("_csrf", hidden(html, "_csrf"), "next", hidden(html, "next"),
                "email", email, "password", PASSWORD));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/");
    }

    @ParameterizedTest
    @ValueSource(strings = {"//evil.example", "https://evil.example/", "/\\evil.example", "\\\\evil.example",
            "/\t/evil.example", "evil.example", "javascript:alert(1)", ""})
    void a_posted_next_page_off_this_site_redirects_home(String next) {
        String email = server.signUp("posted-next").email();
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", next, "email", email, "password", PASSWORD));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/");
    }

    @Test
    void a_non_ascii_next_page_is_sent_percent_encoded() {
        var client = server.signUp("utf8-next").client();

        var response = client.get("/login?next=/caf%C3%A9", "Accept", "text/html");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/caf%C3%A9");
    }

    @Test
    void a_signed_in_user_asking_for_the_login_page_goes_to_a_safe_next_page() {
        var client = server.signUp("already").client();

        var evil = client.get("/login?next=//evil.example", "Accept", "text/html");
        assertThat(evil.status()).isEqualTo(303);
        assertThat(evil.header("Location")).isEqualTo("/");

        var local = client.get("/login?next=/some/path", "Accept", "text/html");
        assertThat(local.status()).isEqualTo(303);
        assertThat(local.header("Location")).isEqualTo("/some/path");
    }

    // ---- helpers ----

    private static void assertRefusedLogin(Client client, Response response) {
        assertThat(response.status()).isEqualTo(403);
        assertIsHtml(response);
        assertThat(response.body()).contains("This form has expired. Please submit it again.");
        assertThat(response.setCookie(SESSION)).isEmpty();
        assertThat(response.setCookie(FLASH)).isEmpty();
        assertThat(client.cookies()).doesNotContainKey(SESSION);
        assertThat(client.session().status()).isEqualTo(401);
    }

    /** Signs in through the login form as a browser would: fetch the form, post it with its tokens. */
    private static void signInWithForm(Client client, String email, String password, String next) {
        String html = client.get("/login?next=" + next).body();
        var response = client.postForm("/login", form("_csrf", hidden(html, "_csrf"), "next", hidden(html, "next"),
                "email", email, "password", password));
        assertThat(response.status()).as("sign-in: %s", response.body()).isEqualTo(303);
    }
}
