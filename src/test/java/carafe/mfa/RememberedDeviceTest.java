package carafe.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Json;
import carafe.support.Member;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * "Remember this device" (SPEC §9): after a second factor, that browser's later password sign-ins skip
 * the second step, no other browser's; a password change and any factor change forget every one.
 */
class RememberedDeviceTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    /** A browser that signed in with password and code, asking to be remembered. */
    private static Client remembered(Member member, AuthenticatorApp app) {
        var browser = server.client();
        browser.login(member.email(), member.password());
        var signedIn = browser.secondFactor("code", app.code(), true);
        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(browser.cookies()).containsKey("carafe_device");
        return browser;
    }

    private static boolean secondStepAsked(Client browser, Member member) {
        var login = browser.login(member.email(), member.password());
        assertThat(login.status()).isEqualTo(200);
        return login.json().path("mfaRequired").asBoolean(false);
    }

    @Test
    void a_remembered_browser_skips_the_second_step_and_no_other_browser_does() {
        var member = server.signUp("remember-me");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        var browser = remembered(member, app);
        browser.logout();

        assertThat(secondStepAsked(browser, member)).isFalse();
        assertThat(browser.session().json().path("amr")).extracting(Object::toString).containsExactly("\"pwd\"");
        assertThat(secondStepAsked(server.client(), member)).isTrue();
    }

    @Test
    void the_device_cookie_is_httponly_and_lasts_thirty_days() {
        var member = server.signUp("remember-cookie");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        var browser = server.client();
        browser.login(member.email(), member.password());

        var signedIn = browser.secondFactor("code", app.code(), true);

        var cookie = signedIn.setCookies().stream().filter(c -> c.startsWith("carafe_device=")).findFirst().orElseThrow();
        assertThat(cookie).contains("HttpOnly", "SameSite=Lax", "Max-Age=" + Duration.ofDays(30).toSeconds());
    }

    @Test
    void another_users_device_cookie_does_not_skip_the_second_step() {
        var owner = server.signUp("remember-owner");
        var ownerBrowser = remembered(owner, AuthenticatorApp.setUpFor(owner, server.clock));
        var other = server.signUp("remember-other");
        AuthenticatorApp.setUpFor(other, server.clock);

        var stranger = server.client();
        stranger.cookies().put("carafe_device", ownerBrowser.cookies().get("carafe_device"));

        assertThat(secondStepAsked(stranger, other)).isTrue();
    }

    @Test
    void a_tampered_device_cookie_does_not_skip_the_second_step() {
        var member = server.signUp("remember-tampered");
        var browser = remembered(member, AuthenticatorApp.setUpFor(member, server.clock));
        String cookie = browser.cookies().get("carafe_device");
        browser.cookies().put("carafe_device", cookie.substring(0, cookie.length() - 2) + "xx");

        assertThat(secondStepAsked(browser, member)).isTrue();
    }

    @Test
    void a_password_change_forgets_every_remembered_browser() {
        var member = server.signUp("remember-password");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        var browser = remembered(member, app);

        var changed = browser.postJson("/api/account/password", Json.object("currentPassword", member.password(),
                "newPassword", "a brand new passphrase 9"));
        assertThat(changed.status()).isEqualTo(204);
        browser.logout();

        var login = browser.login(member.email(), "a brand new passphrase 9");
        assertThat(login.json().path("mfaRequired").asBoolean()).isTrue();
    }

    @Test
    void turning_the_app_off_and_on_forgets_every_remembered_browser() {
        var member = server.signUp("remember-factor");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        var browser = remembered(member, app);
        assertThat(browser.delete("/api/account/totp").status()).isEqualTo(204);
        AuthenticatorApp.setUpFor(new Member(browser, member.id(), member.email(), member.password()), server.clock);
        browser.logout();

        assertThat(secondStepAsked(browser, member)).isTrue();
    }

    @Test
    void remembered_browsers_are_listed_and_one_can_be_forgotten() {
        var member = server.signUp("remember-list");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        var browser = remembered(member, app);

        var listed = browser.get("/api/account/remembered-devices");
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.json()).hasSize(1);
        long id = listed.json().get(0).path("id").asLong();
        assertThat(listed.json().get(0).path("expiresAt").asText()).endsWith("Z");

        assertThat(browser.delete("/api/account/remembered-devices/" + id).status()).isEqualTo(204);
        assertThat(browser.delete("/api/account/remembered-devices/" + id).status()).isEqualTo(404);
        assertThat(browser.get("/api/account/remembered-devices").json()).isEmpty();
        browser.logout();
        assertThat(secondStepAsked(browser, member)).isTrue();
    }

    @Test
    void a_remembered_browser_expires_after_thirty_days() {
        var member = server.signUp("remember-expiry");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        var browser = remembered(member, app);
        browser.logout();

        server.clock.advance(Duration.ofDays(30).plusMinutes(1));

        assertThat(secondStepAsked(browser, member)).isTrue();
    }

    @Test
    void without_asking_to_be_remembered_the_next_sign_in_asks_again() {
        var member = server.signUp("remember-not");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        var browser = server.client();
        browser.login(member.email(), member.password());
        assertThat(browser.secondFactor("code", app.code(), false).status()).isEqualTo(200);
        assertThat(browser.cookies()).doesNotContainKey("carafe_device");
        browser.logout();

        assertThat(secondStepAsked(browser, member)).isTrue();
    }
}
