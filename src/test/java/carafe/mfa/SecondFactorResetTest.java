package carafe.mfa;

import static carafe.db.schema.Tables.AUDIT_EVENTS;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.app.Config;
import carafe.app.Main;
import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.MailServer;
import carafe.support.Mails;
import carafe.support.Member;
import jakarta.mail.internet.MimeMessage;
import java.io.ByteArrayInputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Lost factors (SPEC §9): an administrator (API or page) or the operator (CLI) removes every second
 * factor of a user; their sessions end, they are mailed, and the audit trail names who did it.
 */
class SecondFactorResetTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().withMailServer();

    private static Member twoStepUser(String who) {
        var member = server.signUp(who);
        AuthenticatorApp.setUpFor(member, server.clock);
        return member;
    }

    private static void assertReset(Member user, Long actorId) {
        assertThat(user.client().session().status()).as("their sessions ended").isEqualTo(401);
        var browser = server.client();
        var login = browser.login(user.email(), user.password());
        assertThat(login.json().path("mfaRequired").asBoolean(false)).as("the password is enough again").isFalse();
        var status = browser.get("/api/account/mfa").json();
        assertThat(status.path("totp").asBoolean()).isFalse();
        assertThat(status.path("recoveryCodesLeft").asInt()).isZero();
        var event = server.db().selectFrom(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.USER_ID.eq(user.id()), AUDIT_EVENTS.TYPE.eq("second_factors_reset")).fetchOne();
        assertThat(event).isNotNull();
        assertThat(event.getActorId()).isEqualTo(actorId);
        MimeMessage notice = server.mail().awaitSubject(user.email(), "Two-step sign-in was reset");
        assertThat(Mails.text(notice)).contains("removed every second factor");
    }

    @Test
    void an_administrator_resets_a_users_second_factors_over_the_api() {
        var admin = server.signUpAdmin("reset-admin");
        var user = twoStepUser("reset-user");

        assertThat(admin.client().delete("/api/admin/users/" + user.id() + "/mfa").status()).isEqualTo(204);

        assertReset(user, admin.id());
        assertThat(admin.client().get("/api/admin/users/" + user.id()).json().path("secondFactor").asBoolean()).isFalse();
    }

    @Test
    void the_operator_resets_them_from_the_command_line() {
        var user = twoStepUser("reset-cli");
        var out = new StringWriter();
        var cli = Main.commandLine(() -> Config.from(server.sharedSettings()), new ByteArrayInputStream(new byte[0]));
        cli.setOut(new PrintWriter(out, true));

        int exit = cli.execute("users", "reset-mfa", "--email", user.email());

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Two-step sign-in reset for " + user.email());
        assertReset(user, null);
    }

    @Test
    void only_an_administrator_may_and_an_unknown_user_is_404() {
        var member = server.signUp("reset-not-admin");
        var user = twoStepUser("reset-victim");
        var admin = server.signUpAdmin("reset-admin-404");

        assertThat(member.client().delete("/api/admin/users/" + user.id() + "/mfa").status()).isEqualTo(403);
        assertThat(admin.client().delete("/api/admin/users/999999999/mfa").status()).isEqualTo(404);
        assertThat(user.client().session().status()).isEqualTo(200);
    }
}
