package carafe.mfa;

import static carafe.db.schema.Tables.USERS;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.Json;
import carafe.support.PasskeyDevice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * CARAFE_MFA_REQUIRED_ROLES=admin (SPEC §9 "Required second factor"): an administrator without a second
 * factor signs in, but reaches only the setup, the session and sign-out until they set one up.
 */
class RequiredSecondFactorTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().with("CARAFE_MFA_REQUIRED_ROLES", "admin");

    @Test
    void an_admin_without_a_factor_gets_403_enrolment_required_and_200_after_setting_one_up() {
        var admin = server.signUpAdmin("required-admin");

        var refused = admin.client().get("/api/admin/users");
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().path("type").asText()).endsWith("/problems/mfa-enrolment-required");
        assertThat(admin.client().get("/api/notes").status()).isEqualTo(403);
        assertThat(admin.client().postJson("/api/notes", Json.object("title", "x")).status()).isEqualTo(403);

        AuthenticatorApp.setUpFor(admin, server.clock);

        assertThat(admin.client().get("/api/admin/users").status()).isEqualTo(200);
        assertThat(admin.client().get("/api/notes").status()).isEqualTo(200);
    }

    @Test
    void a_passkey_is_a_second_factor_and_a_passwordless_sign_in_with_it_is_enough_on_its_own() {
        var admin = server.signUpAdmin("required-passkey");
        var device = new PasskeyDevice();
        var options = admin.client().postJson("/api/account/passkeys/options", "{}");
        assertThat(options.status()).as("registering one is part of the setup").isEqualTo(200);
        var added = admin.client().postJson("/api/account/passkeys", "{\"credential\":" + device.create(options.json()) + "}");
        assertThat(added.status()).isEqualTo(201);
        assertThat(admin.client().get("/api/admin/users").status()).isEqualTo(200);

        var browser = server.client();
        var signIn = browser.postJson("/api/auth/passkey/options", "{}");
        assertThat(browser.postJson("/api/auth/passkey", "{\"credential\":" + device.get(signIn.json()) + "}").status())
                .isEqualTo(200);
        assertThat(browser.get("/api/admin/users").status()).isEqualTo(200);
    }

    @Test
    void the_session_the_status_the_setup_and_sign_out_stay_open() {
        var admin = server.signUpAdmin("required-open");

        assertThat(admin.client().session().status()).isEqualTo(200);
        var status = admin.client().get("/api/account/mfa");
        assertThat(status.status()).isEqualTo(200);
        assertThat(status.json().path("required").asBoolean()).isTrue();
        assertThat(admin.client().postJson("/api/account/totp", "{}").status()).isEqualTo(200);
        assertThat(admin.client().logout().status()).isEqualTo(204);
    }

    @Test
    void pages_send_such_an_admin_to_the_setup() {
        var admin = server.signUpAdmin("required-pages");

        for (String path : new String[] {"/", "/admin/users", "/notes", "/account"}) {
            var page = admin.client().page(path);
            assertThat(page.status()).as(path).isEqualTo(303);
            assertThat(page.header("Location")).as(path).isEqualTo("/account/two-step");
        }
        assertThat(admin.client().page("/account/two-step").status()).isEqualTo(200);
    }

    @Test
    void a_user_without_the_role_is_not_asked() {
        var member = server.signUp("required-plain");

        assertThat(member.client().get("/api/notes").status()).isEqualTo(200);
        assertThat(member.client().get("/api/account/mfa").json().path("required").asBoolean()).isFalse();
    }

    @Test
    void an_api_token_made_before_the_role_is_held_back_too() {
        var member = server.signUp("required-token");
        String token = member.client().postJson("/api/account/tokens", Json.object("name", "early"))
                .json().path("token").asText();
        server.db().update(USERS).set(USERS.ROLES, "user,admin").where(USERS.ID.eq(member.id())).execute();

        var byToken = server.client().get("/api/admin/users", "Authorization", "Bearer " + token);

        assertThat(byToken.status()).isEqualTo(403);
        assertThat(byToken.json().path("type").asText()).endsWith("/problems/mfa-enrolment-required");
    }
}
