package carafe.recoverycodes;

import static carafe.db.schema.Tables.RECOVERY_CODES;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.MailServer;
import carafe.support.Mails;
import carafe.support.Member;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Recovery codes (SPEC §9): ten, each works once, new ones replace all, using one mails the user. */
class RecoveryCodesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().withMailServer();

    /** A browser at the second step of signing in as this member. */
    private static Client atSecondStep(Member member) {
        var browser = server.client();
        var login = browser.login(member.email(), member.password());
        assertThat(login.json().path("mfaRequired").asBoolean()).isTrue();
        return browser;
    }

    @Test
    void turning_on_the_app_gives_ten_distinct_codes_of_sixteen_base32_characters() {
        var app = AuthenticatorApp.setUpFor(server.signUp("codes-shape"), server.clock);

        assertThat(app.recoveryCodes()).hasSize(10).doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}"));
    }

    @Test
    void each_code_signs_in_once_and_using_one_mails_the_user() {
        var member = server.signUp("codes-once");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        String code = app.recoveryCodes().get(3);

        var browser = atSecondStep(member);
        var signedIn = browser.secondFactor("recoveryCode", code);

        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(signedIn.json().path("amr")).extracting(Object::toString).containsExactly("\"pwd\"", "\"rc\"");
        assertThat(browser.get("/api/account/mfa").json().path("recoveryCodesLeft").asInt()).isEqualTo(9);
        var notice = server.mail().awaitSubject(member.email(), "A recovery code was used");
        assertThat(Mails.text(notice)).contains("9 of 10 are left");
        assertThat(atSecondStep(member).secondFactor("recoveryCode", code).status()).isEqualTo(401);
    }

    @Test
    void a_code_is_read_without_dashes_spaces_or_letter_case() {
        var member = server.signUp("codes-loose");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        String typed = " " + app.recoveryCodes().getFirst().replace("-", " ").toUpperCase(Locale.ROOT) + " ";

        assertThat(atSecondStep(member).secondFactor("recoveryCode", typed).status()).isEqualTo(200);
    }

    @Test
    void a_made_up_code_is_401() {
        var member = server.signUp("codes-made-up");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        String real = app.recoveryCodes().getFirst();
        // The right locator (first four characters) with another secret part.
        String forged = real.substring(0, 5) + (real.charAt(5) == 'a' ? 'b' : 'a') + real.substring(6);

        var browser = atSecondStep(member);
        assertThat(browser.secondFactor("recoveryCode", forged).status()).isEqualTo(401);
        assertThat(browser.secondFactor("recoveryCode", "not a code at all").status()).isEqualTo(401);
        assertThat(browser.secondFactor("recoveryCode", real).status()).isEqualTo(200);
    }

    @Test
    void another_users_code_is_401_and_stays_theirs() {
        var ada = server.signUp("codes-ada");
        var adaApp = AuthenticatorApp.setUpFor(ada, server.clock);
        var bob = server.signUp("codes-bob");
        var bobApp = AuthenticatorApp.setUpFor(bob, server.clock);
        String bobsCode = bobApp.recoveryCodes().getFirst();

        var adasBrowser = atSecondStep(ada);
        assertThat(adasBrowser.secondFactor("recoveryCode", bobsCode).status()).isEqualTo(401);
        assertThat(adasBrowser.session().status()).as("still only a pending sign-in").isEqualTo(401);

        assertThat(atSecondStep(bob).secondFactor("recoveryCode", bobsCode).status()).as("unused by the refusal").isEqualTo(200);
        assertThat(adasBrowser.secondFactor("recoveryCode", adaApp.recoveryCodes().getFirst()).status()).isEqualTo(200);
    }

    @Test
    void new_codes_replace_every_old_one_and_the_user_is_mailed() {
        var member = server.signUp("codes-renew");
        var app = AuthenticatorApp.setUpFor(member, server.clock);

        var renewed = member.client().postJson("/api/account/recovery-codes", "{}");

        assertThat(renewed.status()).isEqualTo(200);
        assertThat(renewed.json().path("recoveryCodes")).hasSize(10);
        String fresh = renewed.json().path("recoveryCodes").get(0).asText();
        assertThat(app.recoveryCodes()).doesNotContain(fresh);
        assertThat(Mails.text(server.mail().awaitSubject(member.email(), "New recovery codes"))).contains("old ones no longer work");
        assertThat(atSecondStep(member).secondFactor("recoveryCode", app.recoveryCodes().getFirst()).status())
                .isEqualTo(401);
        assertThat(atSecondStep(member).secondFactor("recoveryCode", fresh).status()).isEqualTo(200);
    }

    @Test
    void new_codes_without_a_second_factor_are_refused_with_409() {
        var member = server.signUp("codes-no-factor");

        assertThat(member.client().postJson("/api/account/recovery-codes", "{}").status()).isEqualTo(409);
    }

    @Test
    void codes_are_stored_as_argon2id_hashes_of_their_secret_part_only() {
        var member = server.signUp("codes-hashed");
        var app = AuthenticatorApp.setUpFor(member, server.clock);

        var stored = server.db().selectFrom(RECOVERY_CODES).where(RECOVERY_CODES.USER_ID.eq(member.id())).fetch();

        assertThat(stored).hasSize(10);
        assertThat(stored).allMatch(row -> row.getSecretHash().startsWith("$argon2id$"));
        for (String code : app.recoveryCodes()) {
            String secretPart = code.replace("-", "").substring(4);
            assertThat(stored).noneMatch(row -> row.getSecretHash().contains(secretPart));
        }
    }
}
