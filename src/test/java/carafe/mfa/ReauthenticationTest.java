package carafe.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Json;
import carafe.support.Member;
import carafe.support.Response;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Recent authentication (SPEC §9, ASVS 7.5.x): the sensitive operations need a sign-in within
 * CARAFE_REAUTH_WINDOW (15 minutes here); outside it each answers 401 reauthentication-required until
 * POST /api/auth/reauthenticate renews it, under a new session id.
 */
class ReauthenticationTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final Duration PAST_THE_WINDOW = Duration.ofMinutes(15).plusSeconds(1);

    private static void assertReauthenticationRequired(Response response, String operation) {
        assertThat(response.status()).as(operation).isEqualTo(401);
        assertThat(response.contentType()).as(operation).isEqualTo("application/problem+json");
        assertThat(response.json().path("type").asText()).as(operation).endsWith("/problems/reauthentication-required");
    }

    /** Each operation SPEC §9 lists, as a call an administrator with an authenticator app can make. */
    private static Map<String, Function<Client, Response>> sensitiveOperations(long otherUserId) {
        var operations = new LinkedHashMap<String, Function<Client, Response>>();
        operations.put("POST /api/account/totp", c -> c.postJson("/api/account/totp", "{}"));
        operations.put("POST /api/account/totp/confirm", c -> c.postJson("/api/account/totp/confirm", Json.object("code", "123456")));
        operations.put("DELETE /api/account/totp", c -> c.delete("/api/account/totp"));
        operations.put("POST /api/account/recovery-codes", c -> c.postJson("/api/account/recovery-codes", "{}"));
        operations.put("POST /api/account/tokens", c -> c.postJson("/api/account/tokens", Json.object("name", "script")));
        operations.put("PATCH /api/admin/users/{id}", c -> c.patchJson("/api/admin/users/" + otherUserId, Json.object("active", false)));
        operations.put("DELETE /api/admin/users/{id}/mfa", c -> c.delete("/api/admin/users/" + otherUserId + "/mfa"));
        operations.put("DELETE /api/admin/users/{id}", c -> c.delete("/api/admin/users/" + otherUserId));
        return operations;
    }

    @Test
    void outside_the_window_every_sensitive_operation_answers_401_reauthentication_required() {
        var admin = server.signUpAdmin("reauth-outside");
        long other = server.signUp("reauth-outside-target").id();

        server.clock.advance(PAST_THE_WINDOW);

        sensitiveOperations(other).forEach((operation, call) ->
                assertReauthenticationRequired(call.apply(admin.client()), operation));
        // Nothing was done meanwhile.
        assertThat(admin.client().get("/api/account/mfa").json().path("totp").asBoolean()).isFalse();
        assertThat(admin.client().get("/api/admin/users/" + other).json().path("active").asBoolean()).isTrue();
    }

    @Test
    void after_reauthenticating_with_the_password_every_sensitive_operation_goes_through() {
        var admin = server.signUpAdmin("reauth-password");
        long other = server.signUp("reauth-password-target").id();
        server.clock.advance(PAST_THE_WINDOW);

        assertThat(admin.client().reauthenticate("password", admin.password()).status()).isEqualTo(204);

        var app = AuthenticatorApp.setUpFor(admin, server.clock);
        assertThat(app.recoveryCodes()).hasSize(10);
        assertThat(admin.client().postJson("/api/account/recovery-codes", "{}").status()).isEqualTo(200);
        assertThat(admin.client().postJson("/api/account/tokens", Json.object("name", "script")).status()).isEqualTo(201);
        assertThat(admin.client().patchJson("/api/admin/users/" + other, Json.object("active", false)).status()).isEqualTo(200);
        assertThat(admin.client().delete("/api/admin/users/" + other + "/mfa").status()).isEqualTo(204);
        assertThat(admin.client().delete("/api/account/totp").status()).isEqualTo(204);
        assertThat(admin.client().delete("/api/admin/users/" + other).status()).isEqualTo(204);
    }

    @Test
    void reauthenticating_renews_auth_at_under_a_new_session_id_and_keeps_the_csrf_token() {
        var member = server.signUp("reauth-rotate");
        String before = member.client().cookies().get("carafe_session");
        String authAtBefore = member.client().session().json().path("authAt").asText();
        server.clock.advance(PAST_THE_WINDOW);

        assertThat(member.client().reauthenticate("password", member.password()).status()).isEqualTo(204);

        assertThat(member.client().cookies().get("carafe_session")).isNotEqualTo(before);
        var session = member.client().session().json();
        assertThat(session.path("authAt").asText()).isNotEqualTo(authAtBefore);
        assertThat(session.path("csrfToken").asText()).isEqualTo(member.client().csrfToken());
        var old = server.client();
        old.cookies().put("carafe_session", before);
        assertThat(old.session().status()).isEqualTo(401);
    }

    @Test
    void a_code_from_the_app_renews_it_too_and_adds_otp_to_amr() {
        var member = server.signUp("reauth-code");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        server.clock.advance(PAST_THE_WINDOW);
        assertReauthenticationRequired(member.client().postJson("/api/account/recovery-codes", "{}"), "before");

        assertThat(member.client().reauthenticate("code", app.code()).status()).isEqualTo(204);

        assertThat(member.client().session().json().path("amr")).extracting(Object::toString).contains("\"otp\"");
        assertThat(member.client().postJson("/api/account/recovery-codes", "{}").status()).isEqualTo(200);
    }

    @Test
    void a_wrong_password_or_code_is_401_and_renews_nothing() {
        var member = server.signUp("reauth-wrong");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        server.clock.advance(PAST_THE_WINDOW);
        String wrongCode = app.code().equals("000000") ? "111111" : "000000";

        var wrongPassword = member.client().reauthenticate("password", "not the password at all");
        assertThat(wrongPassword.status()).isEqualTo(401);
        assertThat(wrongPassword.json().path("type").asText()).isEqualTo("about:blank");
        assertThat(member.client().reauthenticate("code", wrongCode).status()).isEqualTo(401);

        assertReauthenticationRequired(member.client().postJson("/api/account/recovery-codes", "{}"), "still");
    }

    @Test
    void reauthentication_needs_exactly_one_proof_and_a_session() {
        var member = server.signUp("reauth-input");

        assertThat(member.client().postJson("/api/auth/reauthenticate", "{}").status()).isEqualTo(422);
        assertThat(server.client().postJson("/api/auth/reauthenticate", Json.object("password", "x")).status())
                .isEqualTo(401);
        var noCsrf = member.client().send("POST", "/api/auth/reauthenticate", "application/json",
                Json.object("password", member.password()));
        assertThat(noCsrf.status()).isEqualTo(403);
    }

    @Test
    void within_the_window_no_reauthentication_is_needed() {
        var member = server.signUp("reauth-within");
        server.clock.advance(Duration.ofMinutes(14));

        assertThat(member.client().postJson("/api/account/tokens", Json.object("name", "fresh")).status()).isEqualTo(201);
    }

    @Test
    void an_api_token_cannot_make_an_administrators_changes() {
        var admin = server.signUpAdmin("reauth-token");
        long other = server.signUp("reauth-token-target").id();
        String token = admin.client().postJson("/api/account/tokens", Json.object("name", "admin script"))
                .json().path("token").asText();

        var byToken = server.client().send("PATCH", "/api/admin/users/" + other, "application/json",
                Json.object("active", false), "Authorization", "Bearer " + token);

        assertThat(byToken.status()).isEqualTo(403);
        assertThat(server.client().get("/api/admin/users/" + other, "Authorization", "Bearer " + token).status())
                .isEqualTo(200);
    }

    @Test
    void a_new_sign_in_is_recent_again() {
        Member member = server.signUp("reauth-new-sign-in");
        server.clock.advance(PAST_THE_WINDOW);
        assertReauthenticationRequired(member.client().postJson("/api/account/tokens", Json.object("name", "a")), "old");

        var fresh = member.signInOnAnotherDevice();

        assertThat(fresh.postJson("/api/account/tokens", Json.object("name", "b")).status()).isEqualTo(201);
    }
}
