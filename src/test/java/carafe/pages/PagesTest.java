package carafe.pages;

import static carafe.support.Html.field;
import static carafe.support.Html.firstGroup;
import static carafe.support.Html.form;
import static carafe.support.Html.hidden;
import static carafe.support.Html.unescape;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Response;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The server-rendered pages over real HTTP, as a browser without JavaScript would use them. */
class PagesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final String PASSWORD = "a long passphrase 42";
    private static final String SESSION = "carafe_session";
    private static final String PRE_SESSION = "carafe_presession";
    private static final String FLASH = "carafe_flash";

    // ---- landing page, headers, assets ----

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
            assertThat(html).as(path).doesNotContain("<script").doesNotContain("<style").doesNotContain(" style=")
                    .doesNotContainPattern("(?i)\\son[a-z]+=");
        }
    }

    @Test
    void the_stylesheet_is_fingerprinted_and_cached_for_a_year() {
        String html = server.client().get("/").body();
        String href = firstGroup(html, "<link rel=\"stylesheet\" href=\"([^\"]+)\">");
        assertThat(href).matches("/static/app\\.[0-9a-f]{12}\\.css");

        var css = server.client().get(href);

        assertThat(css.status()).isEqualTo(200);
        assertThat(mediaType(css)).isEqualTo("text/css;charset=utf-8");
        assertThat(css.header("Cache-Control")).isEqualTo("public, max-age=31536000, immutable");
        assertThat(css.header("X-Content-Type-Options")).isEqualTo("nosniff");
        assertThat(css.body()).contains(".site-header");
    }

    @Test
    void the_fingerprint_is_the_start_of_the_stylesheets_sha256() throws Exception {
        String href = firstGroup(server.client().get("/").body(), "href=\"(/static/app\\.[0-9a-f]{12}\\.css)\"");
        byte[] bytes;
        try (var in = PagesTest.class.getResourceAsStream("/static/app.css")) {
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

    // ---- sign in ----

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
        String email = CarafeServer.uniqueEmail("form-login");
        server.client().register(email, "Ada Lovelace", PASSWORD);
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
        String email = CarafeServer.uniqueEmail("flash");
        server.client().register(email, "Grace Hopper", PASSWORD);
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
        String email = CarafeServer.uniqueEmail("remember");
        server.client().register(email, "Remember", PASSWORD);
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", email,
                "password", PASSWORD, "remember", "on"));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.setCookie(SESSION)).hasValueSatisfying(c -> assertThat(c).containsPattern("; Max-Age=[1-9]\\d*;"));
    }

    @Test
    void a_wrong_password_shows_the_form_again_with_the_email_kept() {
        String email = CarafeServer.uniqueEmail("wrong");
        server.client().register(email, "Wrong", PASSWORD);
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
    void a_login_post_without_the_form_token_is_refused() {
        String email = CarafeServer.uniqueEmail("no-token");
        server.client().register(email, "No Token", PASSWORD);
        var client = server.client();
        client.get("/login");

        var response = client.postForm("/login", form("next", "/", "email", email, "password", PASSWORD));

        assertRefusedLogin(client, response);
    }

    @Test
    void a_login_post_with_a_wrong_form_token_is_refused() {
        String email = CarafeServer.uniqueEmail("bad-token");
        server.client().register(email, "Bad Token", PASSWORD);
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");
        String wrong = (token.charAt(0) == 'A' ? 'B' : 'A') + token.substring(1);

        var response = client.postForm("/login", form("_csrf", wrong, "next", "/", "email", email, "password", PASSWORD));

        assertRefusedLogin(client, response);
    }

    @Test
    void a_login_post_without_the_pre_session_cookie_is_refused() {
        String email = CarafeServer.uniqueEmail("no-cookie");
        server.client().register(email, "No Cookie", PASSWORD);
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");
        client.cookies().remove(PRE_SESSION);

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", email, "password", PASSWORD));

        assertRefusedLogin(client, response);
    }

    @Test
    void a_form_token_from_another_browser_is_refused() {
        // Login CSRF: the attacker fetches a token for their own cookie and makes the victim post it.
        String email = CarafeServer.uniqueEmail("attacker");
        server.client().register(email, "Attacker", PASSWORD);
        String attackersToken = hidden(server.client().get("/login").body(), "_csrf");
        var victim = server.client();
        victim.get("/login");

        var response = victim.postForm("/login", form("_csrf", attackersToken, "next", "/", "email", email,
                "password", PASSWORD));

        assertRefusedLogin(victim, response);
    }

    @Test
    void a_login_post_from_another_origin_is_refused_even_with_a_good_token() {
        String email = CarafeServer.uniqueEmail("origin");
        server.client().register(email, "Origin", PASSWORD);
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", email, "password", PASSWORD),
                "Origin", "https://evil.example");

        assertRefusedLogin(client, response);
    }

    @Test
    void a_login_post_marked_cross_site_by_the_browser_is_refused() {
        String email = CarafeServer.uniqueEmail("fetch-site");
        server.client().register(email, "Fetch Site", PASSWORD);
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", email, "password", PASSWORD),
                "Sec-Fetch-Site", "cross-site");

        assertRefusedLogin(client, response);
    }

    @Test
    void a_login_post_from_the_sites_own_origin_is_accepted() {
        String email = CarafeServer.uniqueEmail("same-origin");
        server.client().register(email, "Same Origin", PASSWORD);
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", email, "password", PASSWORD),
                "Origin", server.baseUrl(), "Sec-Fetch-Site", "same-origin");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.setCookie(SESSION)).isPresent();
    }

    @Test
    void the_next_page_is_kept_through_the_form() {
        String email = CarafeServer.uniqueEmail("next");
        server.client().register(email, "Next", PASSWORD);
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
        String email = CarafeServer.uniqueEmail("open-redirect");
        server.client().register(email, "Open Redirect", PASSWORD);
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
        String email = CarafeServer.uniqueEmail("posted-next");
        server.client().register(email, "Posted Next", PASSWORD);
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", next, "email", email, "password", PASSWORD));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/");
    }

    @Test
    void a_non_ascii_next_page_is_sent_percent_encoded() {
        var client = server.client();
        client.register(CarafeServer.uniqueEmail("utf8-next"), "Utf8", PASSWORD);

        var response = client.get("/login?next=/caf%C3%A9", "Accept", "text/html");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/caf%C3%A9");
    }

    @Test
    void the_error_page_shows_who_is_signed_in() {
        var client = server.client();
        client.register(CarafeServer.uniqueEmail("lost"), "Lost Larry", PASSWORD);

        var page = client.get("/no-such-page-for-larry", "Accept", "text/html");

        assertThat(page.status()).isEqualTo(404);
        assertThat(page.body()).contains("Not found").contains("Lost Larry").contains("Sign out");
    }

    @Test
    void a_signed_in_user_asking_for_the_login_page_goes_to_a_safe_next_page() {
        var client = server.client();
        client.register(CarafeServer.uniqueEmail("already"), "Already", PASSWORD);

        var evil = client.get("/login?next=//evil.example", "Accept", "text/html");
        assertThat(evil.status()).isEqualTo(303);
        assertThat(evil.header("Location")).isEqualTo("/");

        var local = client.get("/login?next=/some/path", "Accept", "text/html");
        assertThat(local.status()).isEqualTo(303);
        assertThat(local.header("Location")).isEqualTo("/some/path");
    }

    // ---- sign up ----

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
        String email = CarafeServer.uniqueEmail("dup");
        server.client().register(email, "First", PASSWORD);
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
        var client = server.client();
        client.register(CarafeServer.uniqueEmail("register-again"), "Again", PASSWORD);

        var response = client.get("/register", "Accept", "text/html");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/");
    }

    // ---- escaping ----

    @Test
    void a_users_name_is_escaped_on_every_page() {
        String name = "<script>alert(1)</script>";
        String email = CarafeServer.uniqueEmail("xss");
        var client = server.client();
        assertThat(client.register(email, name, PASSWORD).status()).isEqualTo(201);

        String html = client.get("/", "Accept", "text/html").body();

        assertThat(html).doesNotContain(name)
                .contains("data-testid=\"signed-in-as\">&lt;script&gt;alert(1)&lt;/script&gt;</span>")
                .contains("<h1>Hello, &lt;script&gt;alert(1)&lt;/script&gt;</h1>");
    }

    @Test
    void a_users_name_is_escaped_in_the_flash_message() {
        String name = "<img src=x onerror=alert(1)>";
        String email = CarafeServer.uniqueEmail("xss-flash");
        server.client().register(email, name, PASSWORD);
        var client = server.client();
        signInWithForm(client, email, PASSWORD, "/");

        String html = client.get("/", "Accept", "text/html").body();

        assertThat(html).doesNotContain(name).doesNotContain("<img")
                .contains("Welcome back, &lt;img src=x onerror=alert(1)&gt;.");
    }

    // ---- sign out ----

    @Test
    void the_logout_form_carries_the_sessions_csrf_token() {
        var client = server.client();
        client.register(CarafeServer.uniqueEmail("logout-form"), "Logout Form", PASSWORD);

        String html = client.get("/").body();

        assertThat(html).contains("<form method=\"post\" action=\"/logout\" class=\"inline\">");
        assertThat(hidden(html, "_csrf")).isEqualTo(client.csrfToken());
    }

    @Test
    void a_logout_post_without_the_csrf_token_is_refused_and_the_session_lives_on() {
        var client = server.client();
        client.register(CarafeServer.uniqueEmail("logout-no-token"), "Logout", PASSWORD);

        var response = client.postForm("/logout", Map.of());

        assertThat(response.status()).isEqualTo(403);
        assertThat(response.setCookie(SESSION)).isEmpty();
        assertThat(client.session().status()).isEqualTo(200);
    }

    @Test
    void a_logout_post_with_a_wrong_csrf_token_is_refused() {
        var client = server.client();
        client.register(CarafeServer.uniqueEmail("logout-wrong"), "Logout", PASSWORD);
        var other = server.client();
        other.register(CarafeServer.uniqueEmail("logout-other"), "Other", PASSWORD);

        var response = client.postForm("/logout", form("_csrf", other.csrfToken()), "Accept", "text/html");

        assertThat(response.status()).isEqualTo(403);
        assertIsHtml(response);
        assertThat(client.session().status()).isEqualTo(200);
    }

    @Test
    void logout_through_the_form_kills_the_session() {
        var client = server.client();
        client.register(CarafeServer.uniqueEmail("logout"), "Logout", PASSWORD);
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
        var client = server.client();
        client.register(CarafeServer.uniqueEmail("logout-flash"), "Logout Flash", PASSWORD);
        client.postForm("/logout", form("_csrf", hidden(client.get("/").body(), "_csrf")));

        String first = client.get("/").body();
        assertThat(first).contains("<p class=\"flash flash-info\" role=\"status\">You have been signed out.</p>")
                .contains("<a href=\"/login\">Sign in</a>").doesNotContain("signed-in-as");

        assertThat(client.get("/").body()).doesNotContain("You have been signed out.");
    }

    // ---- errors ----

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

    // ---- helpers ----

    private static void assertIsHtml(Response response) {
        assertThat(mediaType(response)).isEqualTo("text/html;charset=utf-8");
    }

    /** The Content-Type without spaces and in lower case, so "text/html; charset=UTF-8" compares equal. */
    private static String mediaType(Response response) {
        assertThat(response.contentType()).as("Content-Type").isNotNull();
        return response.contentType().replace(" ", "").toLowerCase(java.util.Locale.ROOT);
    }

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
