package carafe.mfa;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.Json;
import carafe.support.MailServer;
import carafe.support.Mails;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A password reset never skips the second factor (SPEC §9, ASVS 6.4.3; Ory Kratos #4285): after it the
 * sign-in still ends at the second step, and no browser remembered before the reset skips it.
 */
class PasswordResetTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().withMailServer();

    private static final String NEW_PASSWORD = "a reset passphrase 31";

    @Test
    void after_a_reset_the_sign_in_still_ends_at_the_second_step_even_in_a_remembered_browser() {
        var member = server.signUp("reset-two-step");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        var browser = server.client();
        browser.login(member.email(), member.password());
        assertThat(browser.secondFactor("code", app.code(), true).status()).isEqualTo(200);
        server.mail().awaitSubject(member.email(), "A browser was remembered");

        server.client().postJson("/api/auth/forgot", Json.object("email", member.email()));
        String token = Mails.token(server.mail().awaitSubject(member.email(), "Reset your password"), "/reset/");
        var reset = server.client().postJson("/api/auth/reset", Json.object("token", token, "password", NEW_PASSWORD));
        assertThat(reset.status()).isEqualTo(204);

        var login = browser.login(member.email(), NEW_PASSWORD);
        assertThat(login.json().path("mfaRequired").asBoolean()).isTrue();
        assertThat(browser.session().status()).isEqualTo(401);
        server.clock.advance(java.time.Duration.ofSeconds(30));
        assertThat(browser.secondFactor("code", app.code()).status()).isEqualTo(200);
    }
}
