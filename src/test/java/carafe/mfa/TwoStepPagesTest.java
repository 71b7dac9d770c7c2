package carafe.mfa;

import static carafe.db.schema.Tables.RECOVERY_CODES;
import static carafe.support.CarafeServer.PASSWORD;
import static carafe.support.Html.assertIsHtml;
import static carafe.support.Html.field;
import static carafe.support.Html.firstGroup;
import static carafe.support.Html.form;
import static carafe.support.Html.hidden;
import static carafe.support.Html.unescape;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Member;
import carafe.support.Response;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The pages of two-step sign-in over real HTTP, as a browser without JavaScript uses them (SPEC §9): the
 * second step after {@code /login}, remembered browsers, the account's "Two-step sign-in" section and
 * its forms (set up, recovery codes, turn off), re-authentication before those changes, and the admin's
 * reset. Codes are computed from the secret at the server's test clock, as a phone would.
 */
class TwoStepPagesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final Duration STEP = Duration.ofSeconds(30);
    private static final String SESSION = "carafe_session";

    /** An account with an authenticator app on (set up over the API), signed out. */
    record TwoStepUser(Member member, AuthenticatorApp app) {
        String email() {
            return member.email();
        }
    }

    private static TwoStepUser twoStepUser(String who) {
        var member = server.signUp(who);
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        assertThat(member.client().logout().status()).isEqualTo(204);
        return new TwoStepUser(member, app);
    }

    // ---- the second step of signing in ----

    @Test
    void the_login_form_of_a_two_step_user_redirects_to_the_second_step_keeping_next() {
        var user = twoStepUser("pages-redirect");
        var browser = server.client();

        var response = passwordForm(browser, user.email(), "/notes");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/login/two-step?next=%2Fnotes");
        assertThat(response.setCookie("carafe_flash")).isEmpty();
        assertThat(browser.session().status()).as("the pending sign-in opens nothing").isEqualTo(401);
    }

    @Test
    void the_second_step_without_a_pending_sign_in_redirects_to_login() {
        var browser = server.client();

        var response = browser.page("/login/two-step?next=%2Fnotes");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/login");
        assertThat(browser.page("/login").body()).contains("Sign in with your password first.");
    }

    @Test
    void a_signed_in_user_asking_for_the_second_step_goes_to_the_next_page() {
        var client = server.signUp("pages-already-in").client();

        var response = client.page("/login/two-step?next=%2Fnotes");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/notes");
        assertThat(client.page("/notes").body()).doesNotContain("Sign in with your password first.");
    }

    @Test
    void the_second_step_page_has_the_code_field_the_recovery_link_and_the_remember_checkbox() {
        var user = twoStepUser("pages-form");
        var browser = server.client();
        String location = passwordForm(browser, user.email(), "/notes").header("Location");

        var response = browser.page(location);

        assertThat(response.status()).isEqualTo(200);
        assertIsHtml(response);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        String html = response.body();
        assertThat(html).contains("<form method=\"post\" action=\"/login/two-step\"");
        assertThat(hidden(html, "next")).isEqualTo("/notes");
        assertThat(field(html, "code")).contains("<label for=\"code\">Code</label>")
                .contains("name=\"code\"").contains("autocomplete=\"one-time-code\"");
        assertThat(html).contains("<a href=\"/login/two-step?with=recovery&amp;next=%2Fnotes\">Lost your phone? Use a recovery code</a>")
                .contains("<input id=\"rememberDevice\" name=\"rememberDevice\" type=\"checkbox\"")
                .contains("<label for=\"rememberDevice\">Don't ask again on this browser</label>")
                .doesNotContain("name=\"recoveryCode\"")
                .doesNotContainPattern("<script(?![^>]*\\ssrc=\"/static/)").doesNotContainPattern("(?i)\\son[a-z]+=");
    }

    @Test
    void a_wrong_code_shows_the_form_again_with_401_and_a_message() {
        var user = twoStepUser("pages-wrong");
        var browser = server.client();
        String location = passwordForm(browser, user.email(), "/notes").header("Location");

        var response = secondStep(browser, location, "code", wrongCode(user));

        assertThat(response.status()).isEqualTo(401);
        assertIsHtml(response);
        assertThat(response.body()).contains("<p class=\"flash flash-error\" role=\"alert\">That code is not right, or it has been used already.</p>")
                .contains("action=\"/login/two-step\"");
        assertThat(hidden(response.body(), "next")).isEqualTo("/notes");
        assertThat(response.setCookie(SESSION)).isEmpty();
        assertThat(browser.session().status()).isEqualTo(401);
        // The pending sign-in is still there: the right code completes it.
        assertThat(secondStep(browser, location, "code", user.app().code()).status()).isEqualTo(303);
    }

    @Test
    void an_empty_code_is_reported_next_to_the_field() {
        var user = twoStepUser("pages-empty");
        var browser = server.client();
        String location = passwordForm(browser, user.email(), "/").header("Location");

        var response = secondStep(browser, location, "code", "", "rememberDevice", "on");

        assertThat(response.status()).isEqualTo(422);
        assertThat(field(response.body(), "code")).contains("has-error")
                .contains("<p class=\"field-error\" id=\"code-error\">Code is required.</p>");
        assertThat(response.body()).as("the box stays ticked")
                .contains("<input id=\"rememberDevice\" name=\"rememberDevice\" type=\"checkbox\" checked>");
    }

    @Test
    void a_code_typed_with_the_space_the_app_shows_works() {
        var user = twoStepUser("pages-spaced");
        var browser = server.client();
        String location = passwordForm(browser, user.email(), "/").header("Location");
        String code = user.app().code();

        var response = secondStep(browser, location, "code", code.substring(0, 3) + " " + code.substring(3));

        assertThat(response.status()).isEqualTo(303);
        assertThat(browser.session().status()).isEqualTo(200);
    }

    @Test
    void a_right_code_redirects_to_next_signed_in_with_a_new_session_and_a_flash() {
        var user = twoStepUser("pages-right");
        var browser = server.client();
        String location = passwordForm(browser, user.email(), "/notes").header("Location");
        String pending = browser.cookies().get(SESSION);

        var response = secondStep(browser, location, "code", user.app().code());

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/notes");
        assertThat(browser.cookies().get(SESSION)).isNotNull().isNotEqualTo(pending);
        assertThat(response.setCookie("carafe_device")).as("not asked to remember the browser").isEmpty();
        var session = browser.session();
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.json().path("amr")).extracting(Object::toString).containsExactly("\"pwd\"", "\"otp\"");
        var next = browser.page("/notes");
        assertThat(next.status()).isEqualTo(200);
        assertThat(next.body()).contains("<p class=\"flash flash-success\" role=\"status\">Welcome back, pages-right.</p>")
                .contains("data-testid=\"signed-in-as\"");
    }

    @Test
    void a_recovery_code_signs_in_through_the_recovery_form_once() {
        var user = twoStepUser("pages-recovery");
        String code = user.app().recoveryCodes().getFirst();
        var browser = server.client();
        passwordForm(browser, user.email(), "/");

        var form = browser.page("/login/two-step?with=recovery&next=%2F");
        assertThat(form.status()).isEqualTo(200);
        assertThat(field(form.body(), "recoveryCode")).contains("<label for=\"recoveryCode\">Recovery code</label>");
        assertThat(form.body()).doesNotContain("name=\"code\"")
                .contains("<a href=\"/login/two-step?next=%2F\">Use your authenticator app instead</a>");
        var used = secondStep(browser, "/login/two-step?with=recovery&next=%2F", "recoveryCode", code);
        assertThat(used.status()).isEqualTo(303);
        assertThat(used.header("Location")).isEqualTo("/");
        assertThat(browser.session().json().path("amr")).extracting(Object::toString).containsExactly("\"pwd\"", "\"rc\"");

        var again = server.client();
        passwordForm(again, user.email(), "/");
        var refused = secondStep(again, "/login/two-step?with=recovery&next=%2F", "recoveryCode", code);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("That code is not right, or it has been used already.")
                .contains("name=\"recoveryCode\"");
        assertThat(again.session().status()).isEqualTo(401);
    }

    @Test
    void with_every_recovery_code_used_the_recovery_form_says_so_not_that_a_code_is_required() {
        var user = twoStepUser("pages-no-codes-left");
        server.db().update(RECOVERY_CODES).set(RECOVERY_CODES.USED_AT, server.clock.instant())
                .where(RECOVERY_CODES.USER_ID.eq(user.member().id())).execute();
        var browser = server.client();
        String location = passwordForm(browser, user.email(), "/").header("Location");
        assertThat(browser.page(location).body()).doesNotContain("Use a recovery code");

        var response = secondStep(browser, "/login/two-step?with=recovery&next=%2F", "recoveryCode",
                user.app().recoveryCodes().getFirst());

        assertThat(response.status()).isEqualTo(422);
        assertThat(field(response.body(), "recoveryCode")).contains("has-error")
                .contains("<p class=\"field-error\" id=\"recoveryCode-error\">Recovery code cannot be used: this account has none set up, or none left.</p>");
        assertThat(browser.session().status()).isEqualTo(401);
    }

    @Test
    void after_five_wrong_codes_the_second_step_answers_a_429_page_with_retry_after() {
        var user = twoStepUser("pages-throttle");
        var browser = server.client();
        String location = passwordForm(browser, user.email(), "/").header("Location");
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(secondStep(browser, location, "code", wrongCode(user)).status()).as("attempt " + attempt).isEqualTo(401);
        }

        var sixth = secondStep(browser, location, "code", user.app().code());

        assertThat(sixth.status()).isEqualTo(429);
        assertIsHtml(sixth);
        assertThat(Long.parseLong(sixth.header("Retry-After"))).isPositive();
        assertThat(sixth.body()).contains("role=\"alert\"").contains("action=\"/login/two-step\"");
        assertThat(browser.session().status()).isEqualTo(401);
    }

    @Test
    void keep_me_signed_in_ticked_on_the_login_form_holds_after_the_second_step() {
        var user = twoStepUser("pages-keep");
        var browser = server.client();
        String html = browser.page("/login").body();
        var password = browser.postForm("/login", form("_csrf", hidden(html, "_csrf"), "next", "/", "email", user.email(),
                "password", PASSWORD, "remember", "on"), "Accept", "text/html");
        assertThat(password.header("Location")).startsWith("/login/two-step");

        var response = secondStep(browser, password.header("Location"), "code", user.app().code());

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.setCookie(SESSION)).hasValueSatisfying(cookie -> assertThat(cookie)
                .containsPattern("; Max-Age=[1-9]\\d*;"));
    }

    @Test
    void a_next_page_on_another_site_is_replaced_by_home_in_the_second_step() {
        var user = twoStepUser("pages-open-redirect");
        var browser = server.client();
        passwordForm(browser, user.email(), "/");

        String html = browser.page("/login/two-step?next=//evil.example").body();
        assertThat(hidden(html, "next")).isEqualTo("/");
        assertThat(html).doesNotContain("evil.example");
        var response = browser.postForm("/login/two-step", form("_csrf", hidden(html, "_csrf"), "next", "//evil.example",
                "code", user.app().code()), "Accept", "text/html");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/");
    }

    @Test
    void a_second_step_post_without_the_form_token_is_refused() {
        var user = twoStepUser("pages-no-token");
        var browser = server.client();
        String location = passwordForm(browser, user.email(), "/").header("Location");
        browser.page(location);

        var response = browser.postForm("/login/two-step", form("next", "/", "code", user.app().code()),
                "Accept", "text/html");

        assertThat(response.status()).isEqualTo(403);
        assertIsHtml(response);
        assertThat(response.body()).contains("This form has expired. Please submit it again.");
        assertThat(response.setCookie(SESSION)).isEmpty();
        assertThat(browser.session().status()).isEqualTo(401);
    }

    @Test
    void a_second_step_after_five_minutes_goes_back_to_login_with_a_message() {
        var user = twoStepUser("pages-expired");
        var browser = server.client();
        String location = passwordForm(browser, user.email(), "/").header("Location");
        String html = browser.page(location).body();

        server.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        var response = browser.postForm("/login/two-step", form("_csrf", hidden(html, "_csrf"), "next", "/",
                "code", user.app().code()), "Accept", "text/html");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/login");
        assertThat(browser.page("/login").body()).contains("sign in with your password first");
        assertThat(browser.session().status()).isEqualTo(401);
    }

    @Test
    void a_remembered_browser_skips_the_second_step_and_another_browser_does_not() {
        var user = twoStepUser("pages-remember");
        var browser = server.client();
        String location = passwordForm(browser, user.email(), "/").header("Location");
        var signedIn = secondStep(browser, location, "code", user.app().code(), "rememberDevice", "on");
        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.setCookie("carafe_device")).hasValueSatisfying(cookie -> assertThat(cookie)
                .contains("HttpOnly").containsPattern("Max-Age=[1-9]\\d*"));
        signOut(browser);

        var again = passwordForm(browser, user.email(), "/notes");

        assertThat(again.status()).isEqualTo(303);
        assertThat(again.header("Location")).isEqualTo("/notes");
        assertThat(browser.session().status()).isEqualTo(200);
        var other = passwordForm(server.client(), user.email(), "/notes");
        assertThat(other.header("Location")).isEqualTo("/login/two-step?next=%2Fnotes");
    }

    @Test
    void a_new_password_through_the_account_form_forgets_the_remembered_browser() {
        var user = twoStepUser("pages-remember-password");
        var browser = server.client();
        signInWithCode(browser, user.email(), user.app(), true);
        String newPassword = "another passphrase 77";

        var changed = submit(browser, "/account/password", "currentPassword", PASSWORD, "newPassword", newPassword);
        assertThat(changed.status()).isEqualTo(303);
        signOut(browser);

        String html = browser.page("/login").body();
        var again = browser.postForm("/login", form("_csrf", hidden(html, "_csrf"), "next", "/", "email", user.email(),
                "password", newPassword), "Accept", "text/html");
        assertThat(again.status()).isEqualTo(303);
        assertThat(again.header("Location")).isEqualTo("/login/two-step?next=%2F");
    }

    @Test
    void pages_that_a_pending_sign_in_asks_for_redirect_to_login() {
        var user = twoStepUser("pages-pending");
        var browser = server.client();
        passwordForm(browser, user.email(), "/");

        for (String path : List.of("/account", "/account/two-step", "/notes", "/reauthenticate?next=%2Faccount")) {
            var response = browser.page(path);
            assertThat(response.status()).as(path).isEqualTo(303);
            assertThat(response.header("Location")).as(path).startsWith("/login?next=");
        }
        assertThat(browser.page("/").body()).doesNotContain("data-testid=\"signed-in-as\"").doesNotContain(user.email());
    }

    // ---- the account's "Two-step sign-in" section ----

    @Test
    void the_account_page_shows_two_step_sign_in_off_with_a_set_up_button() {
        var client = server.signUp("section-off").client();

        String html = client.page("/account").body();

        String section = section(html);
        assertThat(section).contains("<h2 id=\"two-step-heading\">Two-step sign-in</h2>")
                .containsPattern("data-testid=\"two-step-status\">Off\\.")
                .contains("<form method=\"post\" action=\"/account/two-step/totp\">")
                .contains("Set up an authenticator app")
                .doesNotContain("Turn off").doesNotContain("New recovery codes").doesNotContain("remembered-device");
    }

    @Test
    void after_enrolment_the_account_page_shows_on_with_recovery_codes_left_and_the_actions() {
        var user = twoStepUser("section-on");
        var browser = server.client();
        passwordForm(browser, user.email(), "/");
        var used = secondStep(browser, "/login/two-step?with=recovery&next=%2F", "recoveryCode",
                user.app().recoveryCodes().getFirst());
        assertThat(used.status()).isEqualTo(303);

        String section = section(browser.page("/account").body());

        assertThat(section).contains("<strong class=\"badge\">On</strong>")
                .contains("<strong data-testid=\"recovery-codes-left\">9</strong> of 10")
                .contains("action=\"/account/two-step/recovery-codes\"").contains("New recovery codes")
                .contains("action=\"/account/two-step/totp/disable\"").contains("Turn off")
                .doesNotContain("Set up an authenticator app");
    }

    @Test
    void a_remembered_browser_is_listed_with_a_forget_button_that_works() {
        var user = twoStepUser("section-devices");
        var browser = server.client();
        signInWithCode(browser, user.email(), user.app(), true);

        String listed = section(browser.page("/account").body());
        String deviceId = firstGroup(listed, "action=\"/account/two-step/devices/(\\d+)/forget\"");
        assertThat(listed).contains("<h3>Browsers that skip the second step</h3>").contains("data-testid=\"remembered-device\"")
                .contains("127.0.0.1").contains(">Forget</button>");

        var forgotten = submit(browser, "/account/two-step/devices/" + deviceId + "/forget");

        assertThat(forgotten.status()).isEqualTo(303);
        assertThat(forgotten.header("Location")).isEqualTo("/account/two-step");
        var settings = browser.page("/account/two-step");
        assertThat(settings.status()).isEqualTo(200);
        assertThat(settings.body()).contains("That browser will ask for the second step again.")
                .doesNotContain("data-testid=\"remembered-device\"");
        assertThat(section(browser.page("/account").body())).doesNotContain("data-testid=\"remembered-device\"");
        signOut(browser);
        assertThat(passwordForm(browser, user.email(), "/").header("Location")).startsWith("/login/two-step");
    }

    @Test
    void forgetting_another_users_browser_is_404_and_forgets_nothing() {
        var owner = twoStepUser("devices-owner");
        var browser = server.client();
        signInWithCode(browser, owner.email(), owner.app(), true);
        String deviceId = firstGroup(browser.page("/account").body(), "/account/two-step/devices/(\\d+)/forget");
        var stranger = server.signUp("devices-stranger").client();

        var response = submit(stranger, "/account/two-step/devices/" + deviceId + "/forget");

        assertThat(response.status()).isEqualTo(404);
        assertThat(browser.page("/account").body()).contains("/account/two-step/devices/" + deviceId + "/forget");
    }

    @Test
    void setting_up_the_app_again_while_it_is_on_goes_back_to_the_settings_with_a_message() {
        var member = server.signUp("enrol-twice");
        AuthenticatorApp.setUpFor(member, server.clock);

        var response = submit(member.client(), "/account/two-step/totp");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/account/two-step");
        var settings = member.client().page("/account/two-step").body();
        assertThat(settings).contains("role=\"status\"").contains("<strong class=\"badge\">On</strong>");
    }

    @Test
    void confirming_without_having_started_goes_back_to_the_settings_with_a_message() {
        var client = server.signUp("enrol-not-started").client();

        var response = submit(client, "/account/two-step/totp/confirm", "code", "123456");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/account/two-step");
        assertThat(client.page("/account/two-step").body()).contains("class=\"flash flash-error\" role=\"status\"")
                .contains("Set up an authenticator app");
        assertThat(client.get("/api/account/mfa").json().path("totp").asBoolean()).isFalse();
    }

    @Test
    void the_enrolment_page_shows_the_qr_code_as_inline_svg_and_the_secret_as_text() {
        var client = server.signUp("enrol-page").client();

        var response = submit(client, "/account/two-step/totp");

        assertThat(response.status()).isEqualTo(200);
        assertIsHtml(response);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.header("Content-Security-Policy")).doesNotContain("unsafe-inline");
        String html = response.body();
        assertThat(html).containsPattern("<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"qr\"[^>]*role=\"img\"[^>]*aria-label=\"[^\"]+\"")
                .contains("<path fill=\"#000\" d=\"M")
                .doesNotContain("<img").doesNotContain("<script").doesNotContain("<style")
                .doesNotContainPattern("\\sstyle=").doesNotContainPattern("(?i)\\son[a-z]+=");
        assertThat(secretOn(html)).matches("[A-Z2-7]{4}( [A-Z2-7]{4}){7}");
        assertThat(field(html, "code")).contains("autocomplete=\"one-time-code\"");
        assertThat(html).contains("action=\"/account/two-step/totp/confirm\"");
        // Nothing is on until the app shows a right code.
        assertThat(client.get("/api/account/mfa").json().path("totp").asBoolean()).isFalse();
    }

    @Test
    void confirming_with_a_wrong_code_shows_the_enrolment_page_again_with_the_error() {
        var client = server.signUp("enrol-wrong").client();
        String secret = secretOn(submit(client, "/account/two-step/totp").body());
        var app = new AuthenticatorApp(secret, server.clock, List.of());
        String wrong = app.code().equals("000000") ? "111111" : "000000";

        var response = submit(client, "/account/two-step/totp/confirm", "code", wrong);

        assertThat(response.status()).isEqualTo(422);
        assertIsHtml(response);
        assertThat(field(response.body(), "code")).contains("has-error").contains("aria-invalid=\"true\"")
                .contains("<p class=\"field-error\" id=\"code-error\">Code from the app ");
        assertThat(secretOn(response.body())).as("the same secret, to try again").isEqualTo(secret);
        assertThat(response.body()).contains("class=\"qr\"");
        assertThat(client.get("/api/account/mfa").json().path("totp").asBoolean()).isFalse();
    }

    @Test
    void confirming_with_a_right_code_shows_ten_recovery_codes_and_a_download_holding_exactly_them() {
        var client = server.signUp("enrol-right").client();
        var app = new AuthenticatorApp(secretOn(submit(client, "/account/two-step/totp").body()), server.clock, List.of());

        var response = submit(client, "/account/two-step/totp/confirm", "code", app.code());

        assertThat(response.status()).isEqualTo(200);
        assertIsHtml(response);
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        assertThat(response.body()).contains("<h1>Your recovery codes</h1>").contains("Two-step sign-in is on.");
        List<String> codes = recoveryCodesOn(response.body());
        assertThat(codes).hasSize(10).doesNotHaveDuplicates()
                .allSatisfy(code -> assertThat(code).matches("[a-z2-7]{4}(-[a-z2-7]{4}){3}"));
        assertThat(download(response.body())).isEqualTo(String.join("\n", codes) + "\n");
        assertThat(response.body()).contains("download=\"recovery-codes.txt\"").contains(">Download as text</a>");
        assertThat(section(client.page("/account").body())).contains("<strong class=\"badge\">On</strong>")
                .contains("<strong data-testid=\"recovery-codes-left\">10</strong>");
    }

    @Test
    void new_recovery_codes_replace_the_old_ones() {
        var member = server.signUp("codes-renew");
        var app = AuthenticatorApp.setUpFor(member, server.clock);

        var response = submit(member.client(), "/account/two-step/recovery-codes");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.body()).contains("<h1>Your recovery codes</h1>").doesNotContain("Two-step sign-in is on.");
        List<String> codes = recoveryCodesOn(response.body());
        assertThat(codes).hasSize(10).doesNotContainAnyElementsOf(app.recoveryCodes());
        assertThat(download(response.body())).isEqualTo(String.join("\n", codes) + "\n");

        var old = server.client();
        passwordForm(old, member.email(), "/");
        assertThat(secondStep(old, "/login/two-step?with=recovery&next=%2F", "recoveryCode", app.recoveryCodes().getFirst())
                .status()).isEqualTo(401);
        var renewed = server.client();
        passwordForm(renewed, member.email(), "/");
        assertThat(secondStep(renewed, "/login/two-step?with=recovery&next=%2F", "recoveryCode", codes.getLast())
                .status()).isEqualTo(303);
    }

    @Test
    void turn_off_makes_the_password_enough_again() {
        var member = server.signUp("turn-off");
        AuthenticatorApp.setUpFor(member, server.clock);

        var response = submit(member.client(), "/account/two-step/totp/disable");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/account/two-step");
        assertThat(member.client().page("/account/two-step").body()).contains("Two-step sign-in is off.");
        assertThat(section(member.client().page("/account").body())).containsPattern("data-testid=\"two-step-status\">Off\\.");
        var browser = server.client();
        assertThat(passwordForm(browser, member.email(), "/notes").header("Location")).isEqualTo("/notes");
        assertThat(browser.session().status()).isEqualTo(200);
    }

    // ---- recent authentication ----

    @Test
    void outside_the_reauthentication_window_the_two_step_forms_go_to_reauthenticate() {
        var member = server.signUp("reauth-forms");
        AuthenticatorApp.setUpFor(member, server.clock);
        var client = member.client();
        String csrf = csrfOf(client);

        server.clock.advance(Duration.ofMinutes(15).plusSeconds(1));

        for (String action : List.of("/account/two-step/totp", "/account/two-step/recovery-codes",
                "/account/two-step/totp/disable")) {
            var response = client.postForm(action, form("_csrf", csrf), "Accept", "text/html",
                    "Referer", server.baseUrl() + "/account/two-step");
            assertThat(response.status()).as(action).isEqualTo(303);
            assertThat(response.header("Location")).as(action).isEqualTo("/reauthenticate?next=%2Faccount%2Ftwo-step");
        }
        assertThat(client.get("/api/account/mfa").json().path("recoveryCodesLeft").asInt()).isEqualTo(10);
        assertThat(client.get("/api/account/mfa").json().path("totp").asBoolean()).isTrue();
    }

    @Test
    void a_form_on_a_page_that_answered_a_post_comes_back_to_the_account_page_not_to_that_post_address() {
        var member = server.signUp("reauth-post-page");
        String csrf = csrfOf(member.client());
        server.clock.advance(Duration.ofMinutes(15).plusSeconds(1));

        // The account page shown again after a field error has /account/profile, a POST route, as its address.
        var response = member.client().postForm("/account/two-step/totp", form("_csrf", csrf), "Accept", "text/html",
                "Referer", server.baseUrl() + "/account/profile");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/reauthenticate?next=%2Faccount");
        var fromAPage = member.client().postForm("/account/two-step/totp", form("_csrf", csrf), "Accept", "text/html",
                "Referer", server.baseUrl() + "/notes/12");
        assertThat(fromAPage.header("Location")).isEqualTo("/reauthenticate?next=%2Fnotes%2F12");
    }

    @Test
    void the_password_on_reauthenticate_returns_to_next_and_the_change_then_works() {
        var client = server.signUp("reauth-password").client();
        server.clock.advance(Duration.ofMinutes(16));
        var refused = submit(client, "/account/two-step/totp");
        assertThat(refused.header("Location")).isEqualTo("/reauthenticate?next=%2Faccount");

        var page = client.page(refused.header("Location"));
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("<h1>Confirm it is you</h1>").doesNotContain("name=\"code\"");
        assertThat(hidden(page.body(), "next")).isEqualTo("/account");
        var confirmed = client.postForm("/reauthenticate", form("_csrf", hidden(page.body(), "_csrf"),
                "next", hidden(page.body(), "next"), "password", PASSWORD), "Accept", "text/html");

        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(confirmed.header("Location")).isEqualTo("/account");
        assertThat(client.page("/account").body()).contains("Thank you. You can go on.");
        var enrolment = submit(client, "/account/two-step/totp");
        assertThat(enrolment.status()).isEqualTo(200);
        assertThat(enrolment.body()).contains("data-testid=\"totp-secret\"");
    }

    @Test
    void confirming_the_app_after_the_window_closed_returns_to_the_same_enrolment_after_reauthenticate() {
        var client = server.signUp("reauth-mid-enrolment").client();
        String secret = secretOn(submit(client, "/account/two-step/totp").body());
        server.clock.advance(Duration.ofMinutes(16));
        var app = new AuthenticatorApp(secret, server.clock, List.of());
        String csrf = csrfOf(client);

        // The enrolment page is the answer to a POST, so the browser's address (the Referer) is its action.
        var refused = client.postForm("/account/two-step/totp/confirm", form("_csrf", csrf, "code", app.code()),
                "Accept", "text/html", "Referer", server.baseUrl() + "/account/two-step/totp");
        assertThat(refused.status()).isEqualTo(303);
        assertThat(refused.header("Location")).isEqualTo("/reauthenticate?next=%2Faccount%2Ftwo-step%2Ftotp");
        String reauthenticate = client.page(refused.header("Location")).body();
        var confirmed = client.postForm("/reauthenticate", form("_csrf", hidden(reauthenticate, "_csrf"),
                "next", hidden(reauthenticate, "next"), "password", PASSWORD), "Accept", "text/html");

        var back = client.page(confirmed.header("Location"));

        assertThat(back.status()).isEqualTo(200);
        assertThat(secretOn(back.body())).as("the secret already in the app").isEqualTo(secret);
        var on = submit(client, "/account/two-step/totp/confirm", "code", app.code());
        assertThat(on.status()).isEqualTo(200);
        assertThat(recoveryCodesOn(on.body())).hasSize(10);
    }

    @Test
    void the_enrolment_addresses_answer_a_get_with_the_waiting_secret_or_the_settings() {
        var client = server.signUp("enrol-get").client();
        var nothing = client.page("/account/two-step/totp");
        assertThat(nothing.status()).isEqualTo(303);
        assertThat(nothing.header("Location")).isEqualTo("/account/two-step");
        String secret = secretOn(submit(client, "/account/two-step/totp").body());

        var waiting = client.page("/account/two-step/totp");
        var afterAWrongCode = client.page("/account/two-step/totp/confirm");

        assertThat(waiting.status()).isEqualTo(200);
        assertThat(waiting.header("Cache-Control")).isEqualTo("no-store");
        assertThat(secretOn(waiting.body())).isEqualTo(secret);
        assertThat(afterAWrongCode.status()).isEqualTo(303);
        assertThat(afterAWrongCode.header("Location")).isEqualTo("/account/two-step/totp");
    }

    @Test
    void a_code_on_reauthenticate_renews_it_too() {
        var member = server.signUp("reauth-code");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        var client = member.client();
        server.clock.advance(Duration.ofMinutes(16));
        assertThat(submit(client, "/account/two-step/recovery-codes").status()).isEqualTo(303);

        var page = client.page("/reauthenticate?next=%2Faccount%2Ftwo-step");
        assertThat(field(page.body(), "code")).contains("autocomplete=\"one-time-code\"");
        var confirmed = client.postForm("/reauthenticate", form("_csrf", hidden(page.body(), "_csrf"),
                "next", hidden(page.body(), "next"), "password", "", "code", app.code()), "Accept", "text/html");

        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(confirmed.header("Location")).isEqualTo("/account/two-step");
        var renewed = submit(client, "/account/two-step/recovery-codes");
        assertThat(renewed.status()).isEqualTo(200);
        assertThat(recoveryCodesOn(renewed.body())).hasSize(10);
    }

    @Test
    void a_next_page_on_another_site_is_replaced_by_home_on_reauthenticate() {
        var client = server.signUp("reauth-open-redirect").client();
        server.clock.advance(Duration.ofMinutes(16));

        var page = client.page("/reauthenticate?next=//evil.example");
        assertThat(hidden(page.body(), "next")).isEqualTo("/");
        var confirmed = client.postForm("/reauthenticate", form("_csrf", hidden(page.body(), "_csrf"),
                "next", "https://evil.example/", "password", PASSWORD), "Accept", "text/html");

        assertThat(confirmed.status()).isEqualTo(303);
        assertThat(confirmed.header("Location")).isEqualTo("/");
    }

    @Test
    void a_wrong_password_on_reauthenticate_shows_401_with_a_message() {
        var client = server.signUp("reauth-wrong").client();
        server.clock.advance(Duration.ofMinutes(16));
        var page = client.page("/reauthenticate?next=%2Faccount");

        var refused = client.postForm("/reauthenticate", form("_csrf", hidden(page.body(), "_csrf"),
                "next", "/account", "password", "not the password 42"), "Accept", "text/html");

        assertThat(refused.status()).isEqualTo(401);
        assertIsHtml(refused);
        assertThat(refused.body()).contains("<p class=\"flash flash-error\" role=\"alert\">That password is not right.</p>")
                .doesNotContain("not the password 42");
        assertThat(hidden(refused.body(), "next")).isEqualTo("/account");
        assertThat(submit(client, "/account/two-step/totp").status()).as("still not recent").isEqualTo(303);
    }

    @Test
    void a_wrong_code_on_reauthenticate_shows_401_with_a_message() {
        var member = server.signUp("reauth-wrong-code");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        var client = member.client();
        server.clock.advance(Duration.ofMinutes(16));
        var page = client.page("/reauthenticate?next=%2Faccount");

        var refused = client.postForm("/reauthenticate", form("_csrf", hidden(page.body(), "_csrf"), "next", "/account",
                "password", "", "code", app.code().equals("000000") ? "111111" : "000000"), "Accept", "text/html");

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("<p class=\"flash flash-error\" role=\"alert\">That code is not right, or it has been used already.</p>");
        assertThat(submit(client, "/account/two-step/recovery-codes").status()).as("still not recent").isEqualTo(303);
    }

    @Test
    void an_empty_reauthenticate_form_asks_for_the_password_or_a_code() {
        var client = server.signUp("reauth-empty").client();
        var page = client.page("/reauthenticate?next=%2Faccount");

        var refused = client.postForm("/reauthenticate", form("_csrf", hidden(page.body(), "_csrf"), "next", "/account",
                "password", ""), "Accept", "text/html");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body()).contains("role=\"alert\"");
    }

    // ---- the admin's view and reset ----

    @Test
    void the_admin_user_page_shows_whether_two_step_sign_in_is_on() {
        var admin = server.signUpAdmin("mfa-viewer");
        var without = server.signUp("mfa-without");
        var with = server.signUp("mfa-with");
        AuthenticatorApp.setUpFor(with, server.clock);

        String off = admin.client().page("/admin/users/" + without.id()).body();
        String on = admin.client().page("/admin/users/" + with.id()).body();

        assertThat(off).contains("<dt>Two-step sign-in</dt><dd data-testid=\"second-factor\">off</dd>")
                .doesNotContain("Reset two-step sign-in");
        assertThat(on).contains("<dt>Two-step sign-in</dt><dd data-testid=\"second-factor\">on</dd>")
                .contains("action=\"/admin/users/" + with.id() + "/second-factors/reset\"")
                .contains("Reset two-step sign-in");
    }

    @Test
    void the_admin_reset_button_removes_their_factors_and_ends_their_sessions() {
        var admin = server.signUpAdmin("mfa-resetter");
        var member = server.signUp("mfa-lost-phone");
        AuthenticatorApp.setUpFor(member, server.clock);
        assertThat(member.client().session().status()).isEqualTo(200);

        var response = admin.client().postForm("/admin/users/" + member.id() + "/second-factors/reset",
                form("_csrf", admin.client().csrfToken()), "Accept", "text/html");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/admin/users/" + member.id());
        assertThat(admin.client().page(response.header("Location")).body())
                .contains("Two-step sign-in reset: every second factor is gone")
                .contains("<dd data-testid=\"second-factor\">off</dd>").doesNotContain("Reset two-step sign-in");
        assertThat(member.client().session().status()).isEqualTo(401);
        assertThat(server.sessionsOf(member.email())).isEmpty();
        var browser = server.client();
        assertThat(passwordForm(browser, member.email(), "/").header("Location")).as("the password is enough").isEqualTo("/");
        var status = browser.get("/api/account/mfa").json();
        assertThat(status.path("totp").asBoolean()).isFalse();
        assertThat(status.path("recoveryCodesLeft").asInt()).isZero();
    }

    @Test
    void an_admin_reset_outside_the_window_goes_through_reauthenticate_and_back_to_the_user_page() {
        var admin = server.signUpAdmin("mfa-stale-admin");
        var member = server.signUp("mfa-stale-member");
        AuthenticatorApp.setUpFor(member, server.clock);
        server.clock.advance(Duration.ofMinutes(16));
        String userPage = "/admin/users/" + member.id();
        String csrf = hidden(admin.client().page(userPage).body(), "_csrf");

        var refused = admin.client().postForm(userPage + "/second-factors/reset", form("_csrf", csrf), "Accept",
                "text/html", "Referer", server.baseUrl() + userPage);
        assertThat(refused.status()).isEqualTo(303);
        assertThat(refused.header("Location")).isEqualTo("/reauthenticate?next=" + URLEncoder.encode(userPage, StandardCharsets.UTF_8));
        String reauthenticate = admin.client().page(refused.header("Location")).body();
        var confirmed = admin.client().postForm("/reauthenticate", form("_csrf", hidden(reauthenticate, "_csrf"),
                "next", hidden(reauthenticate, "next"), "password", PASSWORD), "Accept", "text/html");
        assertThat(confirmed.header("Location")).isEqualTo(userPage);

        var reset = admin.client().postForm(userPage + "/second-factors/reset",
                form("_csrf", hidden(admin.client().page(userPage).body(), "_csrf")), "Accept", "text/html");

        assertThat(reset.status()).isEqualTo(303);
        assertThat(admin.client().page(userPage).body()).contains("<dd data-testid=\"second-factor\">off</dd>");
    }

    // ---- helpers ----

    /** Posts the {@code /login} form as its page carries it: 303 to the second step, or in. */
    static Response passwordForm(Client browser, String email, String next) {
        String html = browser.page("/login?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8)).body();
        return browser.postForm("/login", form("_csrf", hidden(html, "_csrf"), "next", hidden(html, "next"),
                "email", email, "password", PASSWORD), "Accept", "text/html");
    }

    /** Posts the second-step form shown at {@code page} with its hidden fields and the given ones. */
    static Response secondStep(Client browser, String page, String... fields) {
        String html = browser.page(page).body();
        var all = new LinkedHashMap<String, String>();
        all.put("_csrf", hidden(html, "_csrf"));
        all.put("next", hidden(html, "next"));
        all.putAll(form(fields));
        return browser.postForm("/login/two-step", all, "Accept", "text/html");
    }

    /** Signs in through both forms with the app's code, then moves the clock past that code's step. */
    private static void signInWithCode(Client browser, String email, AuthenticatorApp app, boolean rememberDevice) {
        String location = passwordForm(browser, email, "/").header("Location");
        var response = rememberDevice
                ? secondStep(browser, location, "code", app.code(), "rememberDevice", "on")
                : secondStep(browser, location, "code", app.code());
        assertThat(response.status()).as("second step: %s", response.body()).isEqualTo(303);
        server.clock.advance(STEP);
    }

    /** The session's CSRF token as the pages carry it (the header's sign-out form has it first). */
    private static String csrfOf(Client client) {
        return hidden(client.page("/account").body(), "_csrf");
    }

    /** Posts a form of the signed-in pages with the session's token, as the account page carries it. */
    private static Response submit(Client client, String action, String... fields) {
        var all = new LinkedHashMap<String, String>();
        all.put("_csrf", csrfOf(client));
        all.putAll(form(fields));
        return client.postForm(action, all, "Accept", "text/html");
    }

    private static void signOut(Client browser) {
        var response = browser.postForm("/logout", form("_csrf", csrfOf(browser)), "Accept", "text/html");
        assertThat(response.status()).isEqualTo(303);
        assertThat(browser.session().status()).isEqualTo(401);
    }

    private static String wrongCode(TwoStepUser user) {
        return user.app().code().equals("000000") ? "111111" : "000000";
    }

    /** The "Two-step sign-in" section of an account page. */
    private static String section(String html) {
        return firstGroup(html, "(<section class=\"card account-section\" id=\"two-step\".*?</section>)");
    }

    /** The secret the enrolment page shows as text, as a person would type it. */
    private static String secretOn(String html) {
        return unescape(firstGroup(html, "<code class=\"secret\" data-testid=\"totp-secret\">([^<]*)</code>"));
    }

    private static List<String> recoveryCodesOn(String html) {
        String list = firstGroup(html, "<ul class=\"recovery-codes\" data-testid=\"recovery-codes\">(.*?)</ul>");
        var codes = new ArrayList<String>();
        var matcher = Pattern.compile("<li><code>([^<]*)</code></li>").matcher(list);
        while (matcher.find()) codes.add(unescape(matcher.group(1)));
        return codes;
    }

    /** The text file the "Download as text" link's data: URL holds. */
    private static String download(String html) {
        String href = unescape(firstGroup(html, "<a class=\"button\" download=\"recovery-codes.txt\" href=\"([^\"]*)\">Download as text</a>"));
        assertThat(href).startsWith("data:text/plain;charset=utf-8,");
        return URLDecoder.decode(href.substring(href.indexOf(',') + 1), StandardCharsets.UTF_8);
    }
}
