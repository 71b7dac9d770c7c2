package carafe.totp;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Json;
import carafe.support.Member;
import carafe.support.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Signing in with an authenticator app over the API (SPEC §9): the password opens a pending sign-in
 * that opens nothing; a right code completes it under a new session id; every refusal is tested.
 * Codes are computed from the secret at the server's test clock, as a phone would.
 */
class TotpSignInTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    /** An account with an authenticator app on, signed out, and a fresh browser for it. */
    record TwoStepUser(Member member, AuthenticatorApp app, Client browser) {}

    private static TwoStepUser twoStepUser(String who) {
        var member = server.signUp(who);
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        assertThat(member.client().logout().status()).isEqualTo(204);
        return new TwoStepUser(member, app, server.client());
    }

    private static Response login(TwoStepUser user) {
        return user.browser().postJson("/api/auth/login", Json.object("email", user.member().email(), "password",
                user.member().password()));
    }

    private static Response mfa(Client browser, String field, String value) {
        return browser.postJson("/api/auth/mfa", Json.object(field, value));
    }

    @Test
    void a_right_password_answers_mfa_required_and_a_right_code_signs_in_with_a_new_session_id() {
        var user = twoStepUser("totp-happy");

        var first = login(user);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("mfaRequired").asBoolean()).isTrue();
        assertThat(first.json().path("methods")).extracting(Object::toString).containsExactly("\"totp\"", "\"recovery\"");
        assertThat(first.json().has("user")).isFalse();
        String pendingCookie = user.browser().cookies().get("carafe_session");
        assertThat(pendingCookie).isNotNull();

        var second = mfa(user.browser(), "code", user.app().code());

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.json().path("user").path("email").asText()).isEqualTo(user.member().email());
        assertThat(second.json().path("amr")).extracting(Object::toString).containsExactly("\"pwd\"", "\"otp\"");
        assertThat(user.browser().cookies().get("carafe_session")).isNotNull().isNotEqualTo(pendingCookie);
        user.browser().csrfToken(second.json().path("csrfToken").asText());
        var session = user.browser().session();
        assertThat(session.status()).isEqualTo(200);
        assertThat(session.json().path("amr")).extracting(Object::toString).containsExactly("\"pwd\"", "\"otp\"");
        assertThat(session.json().path("authAt").asText()).endsWith("Z");
        // The pending sign-in's id is dead: replaying that cookie opens nothing.
        var replay = server.client();
        replay.cookies().put("carafe_session", pendingCookie);
        assertThat(replay.session().status()).isEqualTo(401);
    }

    @Test
    void a_password_sign_in_without_a_second_factor_says_pwd() {
        var member = server.signUp("password-only");
        var browser = server.client();

        var login = browser.login(member.email(), member.password());

        assertThat(login.status()).isEqualTo(200);
        assertThat(login.json().path("amr")).extracting(Object::toString).containsExactly("\"pwd\"");
        assertThat(browser.session().json().path("amr")).extracting(Object::toString).containsExactly("\"pwd\"");
    }

    @Test
    void a_wrong_code_is_401_and_the_pending_sign_in_stays() {
        var user = twoStepUser("totp-wrong");
        login(user);
        String wrong = user.app().code().equals("000000") ? "111111" : "000000";

        var refused = mfa(user.browser(), "code", wrong);

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(user.browser().session().status()).isEqualTo(401);
        assertThat(mfa(user.browser(), "code", user.app().code()).status()).isEqualTo(200);
    }

    @Test
    void the_same_code_is_accepted_once_even_within_its_step() {
        var user = twoStepUser("totp-replay");
        String code = user.app().code();
        login(user);
        assertThat(mfa(user.browser(), "code", code).status()).isEqualTo(200);

        var again = server.client();
        again.postJson("/api/auth/login", Json.object("email", user.member().email(), "password", user.member().password()));
        var replayed = mfa(again, "code", code);

        assertThat(replayed.status()).isEqualTo(401);
        assertThat(again.session().status()).isEqualTo(401);
    }

    @Test
    void codes_of_the_step_before_and_after_work_but_not_two_steps_ago() {
        var user = twoStepUser("totp-drift");
        server.clock.advance(Duration.ofSeconds(60)); // the confirming code's step is now three behind
        login(user);
        assertThat(mfa(user.browser(), "code", user.app().code(-2)).status()).isEqualTo(401);
        assertThat(mfa(user.browser(), "code", user.app().code(-1)).status()).isEqualTo(200);

        var later = server.client();
        later.postJson("/api/auth/login", Json.object("email", user.member().email(), "password", user.member().password()));
        assertThat(mfa(later, "code", user.app().code(1)).status()).isEqualTo(200);
    }

    @Test
    void the_sixth_wrong_code_within_15_minutes_is_429_with_retry_after_even_when_right() {
        var user = twoStepUser("totp-throttle");
        login(user);
        String wrong = user.app().code().equals("000000") ? "111111" : "000000";
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertThat(mfa(user.browser(), "code", wrong).status()).as("attempt " + attempt).isEqualTo(401);
        }

        var sixth = mfa(user.browser(), "code", user.app().code());

        assertThat(sixth.status()).isEqualTo(429);
        assertThat(Long.parseLong(sixth.header("Retry-After"))).isPositive();
        assertThat(user.browser().session().status()).isEqualTo(401);
    }

    @Test
    void the_pending_sign_in_opens_nothing() {
        var user = twoStepUser("totp-pending");
        login(user);
        var browser = user.browser();

        assertThat(browser.session().status()).isEqualTo(401);
        assertThat(browser.get("/api/account").status()).isEqualTo(401);
        assertThat(browser.get("/api/notes").status()).isEqualTo(401);
        assertThat(browser.get("/api/account/mfa").status()).isEqualTo(401);
        assertThat(browser.postJson("/api/notes", Json.object("title", "sneaky")).status()).isIn(401, 403);
        assertThat(browser.postJson("/api/account/totp", "{}").status()).isIn(401, 403);
        var page = browser.get("/account", "Accept", "text/html");
        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).startsWith("/login");
        assertThat(browser.get("/", "Accept", "text/html").body()).doesNotContain(user.member().email());
    }

    @Test
    void the_pending_sign_in_expires_after_five_minutes() {
        var user = twoStepUser("totp-expiry");
        login(user);

        server.clock.advance(Duration.ofMinutes(5).plusSeconds(1));
        var late = mfa(user.browser(), "code", user.app().code());

        assertThat(late.status()).isEqualTo(401);
        assertThat(late.json().path("detail").asText()).contains("sign in with your password first");
    }

    @Test
    void a_code_without_the_pending_sign_in_of_that_browser_is_refused() {
        var user = twoStepUser("totp-other-browser");
        login(user);

        var otherBrowser = server.client();
        var refused = mfa(otherBrowser, "code", user.app().code());

        assertThat(refused.status()).isEqualTo(401);
        assertThat(otherBrowser.session().status()).isEqualTo(401);
    }

    @Test
    void exactly_one_proof_is_required() {
        var user = twoStepUser("totp-one-proof");
        login(user);

        assertThat(user.browser().postJson("/api/auth/mfa", "{}").status()).isEqualTo(422);
        var both = user.browser().postJson("/api/auth/mfa", Json.object("code", user.app().code(), "recoveryCode",
                user.app().recoveryCodes().getFirst()));
        assertThat(both.status()).isEqualTo(422);
        assertThat(user.browser().postJson("/api/auth/mfa", "{\"code\":{\"digits\":123456}}").status()).isEqualTo(422);
        assertThat(user.browser().postJson("/api/auth/mfa", "[").status()).isEqualTo(400);
    }

    @Test
    void the_second_step_refuses_a_request_from_another_site() {
        var user = twoStepUser("totp-csrf");
        login(user);

        var refused = user.browser().postJson("/api/auth/mfa", Json.object("code", user.app().code()),
                "Origin", "https://evil.example");

        assertThat(refused.status()).isEqualTo(403);
    }

    @Test
    void mfa_status_reports_the_app_and_the_recovery_codes_left() {
        var member = server.signUp("totp-status");
        assertThat(member.client().get("/api/account/mfa").json().path("totp").asBoolean()).isFalse();
        AuthenticatorApp.setUpFor(member, server.clock);

        var status = member.client().get("/api/account/mfa").json();

        assertThat(status.path("totp").asBoolean()).isTrue();
        assertThat(status.path("recoveryCodesLeft").asInt()).isEqualTo(10);
        assertThat(status.path("passkeys").asInt()).isZero();
        assertThat(status.path("required").asBoolean()).isFalse();
    }

    @Test
    void enrolment_needs_a_right_first_code_and_a_secret_of_160_bits() {
        var member = server.signUp("totp-enrol");
        var started = member.client().postJson("/api/account/totp", "{}");
        assertThat(started.status()).isEqualTo(200);
        String secret = started.json().path("secret").asText();
        assertThat(secret).matches("[A-Z2-7]{32}");
        assertThat(started.json().path("otpauthUri").asText())
                .startsWith("otpauth://totp/")
                .contains("secret=" + secret, "algorithm=SHA1", "digits=6", "period=30");
        // Nothing is on until the app shows a right code.
        assertThat(member.client().get("/api/account/mfa").json().path("totp").asBoolean()).isFalse();

        var wrong = member.client().postJson("/api/account/totp/confirm", Json.object("code", "12345"));
        assertThat(wrong.status()).isEqualTo(422);
        assertThat(wrong.json().path("errors").get(0).path("field").asText()).isEqualTo("code");
        var app = new AuthenticatorApp(secret, server.clock, java.util.List.of());
        var confirmed = member.client().postJson("/api/account/totp/confirm", Json.object("code", app.code()));
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.json().path("recoveryCodes")).hasSize(10);
        assertThat(member.client().postJson("/api/account/totp", "{}").status()).isEqualTo(409);
    }

    @Test
    void turning_the_app_off_makes_the_password_enough_again() {
        var user = twoStepUser("totp-off");
        login(user);
        var signedIn = mfa(user.browser(), "code", user.app().code());
        user.browser().csrfToken(signedIn.json().path("csrfToken").asText());

        assertThat(user.browser().delete("/api/account/totp").status()).isEqualTo(204);
        assertThat(user.browser().delete("/api/account/totp").status()).isEqualTo(409);

        var again = server.client();
        var login = again.login(user.member().email(), user.member().password());
        assertThat(login.json().path("user").path("email").asText()).isEqualTo(user.member().email());
        assertThat(again.get("/api/account/mfa").json().path("recoveryCodesLeft").asInt()).isZero();
    }
}
