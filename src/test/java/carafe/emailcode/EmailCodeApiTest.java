package carafe.emailcode;

import static carafe.db.schema.Tables.USERS;
import static carafe.emailcode.CodeMails.otherThan;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Eventually;
import carafe.support.Json;
import carafe.support.Mails;
import carafe.support.Member;
import carafe.support.Response;
import com.fasterxml.jackson.databind.JsonNode;
import jakarta.mail.internet.MimeMultipart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Email code sign-in over the API (SPEC §9 "Email code sign-in"), with the codes read from the mails a
 * real SMTP server (GreenMail) received: it works once, in the browser that asked, within 10 minutes
 * and 5 tries; unknown and deactivated addresses are answered alike and mailed nothing; a second
 * factor is still asked for. Every refusal leaves the browser without a session.
 */
class EmailCodeApiTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().withMailServer().with("CARAFE_EMAIL_CODE_LOGIN", "true");

    private static final String SESSION = "carafe_session";

    private static Response askForCode(Client browser, String email) {
        return browser.postJson("/api/auth/email-code", Json.object("email", email));
    }

    private static Response verify(Client browser, String email, String code) {
        var response = browser.postJson("/api/auth/email-code/verify", Json.object("email", email, "code", code));
        if (response.status() == 200 && response.json().has("csrfToken")) {
            browser.csrfToken(response.json().path("csrfToken").asText());
        }
        return response;
    }

    /** An account, signed out, and a fresh browser that asked for a code for it and got it by mail. */
    private record Asked(Member member, Client browser, String code) {
        String email() {
            return member.email();
        }
    }

    private static Asked askedFor(String who) {
        return asked(server.signUp(who));
    }

    /** The same for an account with an authenticator app on (set up over the API before it signed out). */
    private record AskedWithApp(Asked asked, AuthenticatorApp app) {}

    private static AskedWithApp askedForWithApp(String who) {
        var member = server.signUp(who);
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        assertThat(member.client().logout().status()).isEqualTo(204);
        return new AskedWithApp(asked(member), app);
    }

    private static Asked asked(Member member) {
        var browser = server.client();
        assertThat(askForCode(browser, member.email()).status()).isEqualTo(202);
        return new Asked(member, browser, CodeMails.first(server.mail(), member.email()));
    }

    private static void assertRefusedWithoutSession(Response response, Client browser) {
        assertThat(response.status()).isEqualTo(401);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("detail").asText()).isEqualTo(EmailCodes.REFUSED);
        assertThat(browser.cookies()).doesNotContainKey(SESSION);
        assertThat(browser.session().status()).isEqualTo(401);
    }

    private static List<String> amr(JsonNode answer) {
        var methods = new ArrayList<String>();
        answer.path("amr").forEach(method -> methods.add(method.asText()));
        return methods;
    }

    @Test
    void the_mailed_code_signs_in_with_a_new_session_and_amr_email() {
        var asked = askedFor("code-happy");
        String before = asked.browser().cookies().get(SESSION);

        var signedIn = verify(asked.browser(), asked.email(), asked.code());

        assertThat(signedIn.status()).isEqualTo(200);
        assertThat(signedIn.json().path("user").path("email").asText()).isEqualTo(asked.email());
        assertThat(signedIn.json().path("user").path("emailConfirmed").asBoolean())
                .as("the code reached the inbox: the address is proven, and the answer says so").isTrue();
        assertThat(signedIn.json().path("csrfToken").asText()).isNotBlank();
        assertThat(amr(signedIn.json())).containsExactly("email");
        assertThat(signedIn.json().path("authAt").asText()).endsWith("Z");
        assertThat(asked.browser().cookies().get(SESSION)).isNotNull().isNotEqualTo(before);
        var session = asked.browser().session();
        assertThat(session.status()).isEqualTo(200);
        assertThat(amr(session.json())).containsExactly("email");
    }

    @Test
    void the_same_code_works_only_once() {
        var asked = askedFor("code-once");
        assertThat(verify(asked.browser(), asked.email(), asked.code()).status()).isEqualTo(200);
        assertThat(asked.browser().logout().status()).isEqualTo(204);

        var again = verify(asked.browser(), asked.email(), asked.code());

        assertRefusedWithoutSession(again, asked.browser());
    }

    @Test
    void a_code_typed_in_another_browser_is_refused_and_still_works_in_the_one_that_asked() {
        var asked = askedFor("code-other-browser");
        var elsewhere = server.client();
        assertThat(askForCode(elsewhere, asked.email()).status()).as("a code of its own").isEqualTo(202);

        assertRefusedWithoutSession(verify(elsewhere, asked.email(), asked.code()), elsewhere);

        assertThat(verify(asked.browser(), asked.email(), asked.code()).status()).isEqualTo(200);
    }

    @Test
    void the_sixth_try_is_refused_even_with_the_right_code() {
        var asked = askedFor("code-tries");
        for (int attempt = 1; attempt <= 5; attempt++) {
            assertRefusedWithoutSession(verify(asked.browser(), asked.email(), otherThan(asked.code())), asked.browser());
        }

        assertRefusedWithoutSession(verify(asked.browser(), asked.email(), asked.code()), asked.browser());
    }

    @Test
    void the_fifth_try_may_still_be_the_right_code() {
        var asked = askedFor("code-fifth-try");
        for (int attempt = 1; attempt <= 4; attempt++) {
            assertThat(verify(asked.browser(), asked.email(), otherThan(asked.code())).status()).isEqualTo(401);
        }

        assertThat(verify(asked.browser(), asked.email(), asked.code()).status()).isEqualTo(200);
    }

    @Test
    void a_code_typed_with_spaces_or_a_dash_is_the_same_code() {
        var asked = askedFor("code-spaces");
        String typed = " " + asked.code().substring(0, 4) + " - " + asked.code().substring(4) + " ";

        assertThat(verify(asked.browser(), asked.email(), typed).status()).isEqualTo(200);
    }

    @Test
    void a_code_is_refused_after_10_minutes() {
        var asked = askedFor("code-expired");
        server.clock.advance(Duration.ofMinutes(10));

        assertRefusedWithoutSession(verify(asked.browser(), asked.email(), asked.code()), asked.browser());
    }

    @Test
    void a_code_works_for_the_address_it_was_mailed_to_only() {
        var asked = askedFor("code-address");
        String someoneElse = server.signUp("code-address-other").email();

        assertRefusedWithoutSession(verify(asked.browser(), someoneElse, asked.code()), asked.browser());
    }

    @Test
    void a_new_code_replaces_the_one_the_browser_had() {
        var asked = askedFor("code-replaced");
        assertThat(askForCode(asked.browser(), asked.email()).status()).isEqualTo(202);
        String newer = CodeMails.all(server.mail(), asked.email(), 2).stream()
                .filter(code -> !code.equals(asked.code())).findFirst().orElseThrow();

        assertRefusedWithoutSession(verify(asked.browser(), asked.email(), asked.code()), asked.browser());
        assertThat(verify(asked.browser(), asked.email(), newer).status()).isEqualTo(200);
    }

    @Test
    void unknown_and_deactivated_addresses_are_answered_like_a_known_one_and_mailed_nothing() {
        String known = server.signUp("code-known").email();
        String deactivated = server.signUp("code-deactivated").email();
        server.db().update(USERS).set(USERS.ACTIVE, false).where(USERS.EMAIL.eq(deactivated)).execute();
        String unknown = CarafeServer.uniqueEmail("code-unknown");

        var toUnknown = askForCode(server.client(), unknown);
        var toDeactivated = askForCode(server.client(), deactivated);
        var toKnown = askForCode(server.client(), known);

        for (var answer : List.of(toUnknown, toDeactivated)) {
            assertThat(answer.status()).isEqualTo(toKnown.status()).isEqualTo(202);
            assertThat(answer.contentType()).isEqualTo(toKnown.contentType());
            assertThat(answer.body()).isEqualTo(toKnown.body());
        }
        CodeMails.first(server.mail(), known);
        Eventually.idle(Duration.ofMillis(300)); // the mail worker polls every 100 ms: time for a mail that should not come
        assertThat(server.mail().receivedBy(unknown)).isEmpty();
        assertThat(CodeMails.mailsTo(server.mail(), deactivated)).isEmpty();
    }

    @Test
    void a_code_for_an_unknown_address_is_refused_like_a_wrong_one() {
        var browser = server.client();
        String unknown = CarafeServer.uniqueEmail("code-nobody");
        askForCode(browser, unknown);

        assertRefusedWithoutSession(verify(browser, unknown, "12345678"), browser);
    }

    @Test
    void the_mail_says_the_code_how_long_it_works_that_it_works_once_here_and_what_to_do_if_it_was_not_you()
            throws Exception {
        String email = server.signUp("code-mail").email();
        askForCode(server.client(), email);

        var mail = server.mail().awaitSubject(email, CodeMails.SUBJECT);

        String text = Mails.text(mail);
        String code = CodeMails.codeIn(mail);
        assertThat(code).matches("\\d{8}");
        assertThat(text).contains("It expires in 10 minutes and works once, only in the browser where it was asked for.")
                .contains("If this was not you").contains("give the code to nobody");
        String html = (String) ((MimeMultipart) mail.getContent()).getBodyPart(1).getContent();
        assertThat(html).contains(code).contains("10 minutes");
    }

    @Test
    void a_user_with_an_authenticator_app_still_gives_a_code_from_it_after_the_mailed_one() {
        var user = askedForWithApp("code-totp");
        var browser = user.asked().browser();

        var first = verify(browser, user.asked().email(), user.asked().code());

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.json().path("mfaRequired").asBoolean()).isTrue();
        assertThat(first.json().path("methods")).extracting(JsonNode::asText).containsExactly("totp", "recovery");
        assertThat(first.json().has("user")).isFalse();
        assertThat(browser.session().status()).as("the pending sign-in opens nothing").isEqualTo(401);

        var second = browser.secondFactor("code", user.app().code());

        assertThat(second.status()).isEqualTo(200);
        assertThat(amr(second.json())).containsExactly("email", "otp");
        assertThat(amr(browser.session().json())).containsExactly("email", "otp");
    }

    @Test
    void a_browser_remembered_at_the_second_step_is_not_asked_again_after_a_code() {
        var user = askedForWithApp("code-remembered");
        var browser = user.asked().browser();
        verify(browser, user.asked().email(), user.asked().code());
        assertThat(browser.secondFactor("code", user.app().code(), true).status()).isEqualTo(200);
        assertThat(browser.logout().status()).isEqualTo(204);
        askForCode(browser, user.asked().email());

        var again = verify(browser, user.asked().email(), CodeMails.all(server.mail(), user.asked().email(), 2).getLast());

        assertThat(again.status()).isEqualTo(200);
        assertThat(amr(again.json())).containsExactly("email");
    }

    @Test
    void the_sixth_code_an_hour_for_one_address_is_429_with_retry_after_whether_or_not_it_has_an_account() {
        String known = server.signUp("code-account-limit").email();
        String unknown = CarafeServer.uniqueEmail("code-account-limit-nobody");
        for (String email : List.of(known, unknown)) {
            for (int request = 1; request <= 5; request++) {
                assertThat(askForCode(server.client(), email).status()).as(email + " request " + request).isEqualTo(202);
            }

            var sixth = askForCode(server.client(), email);

            assertThat(sixth.status()).isEqualTo(429);
            assertThat(sixth.contentType()).isEqualTo("application/problem+json");
            assertThat(Long.parseLong(sixth.header("Retry-After"))).isPositive();
        }
        assertThat(CodeMails.all(server.mail(), known, 5)).hasSize(5);
    }

    @Test
    void signing_in_with_a_code_confirms_the_address() {
        var asked = askedFor("code-confirms");
        assertThat(server.db().select(USERS.EMAIL_CONFIRMED_AT).from(USERS).where(USERS.ID.eq(asked.member().id()))
                .fetchOne(USERS.EMAIL_CONFIRMED_AT)).isNull();

        verify(asked.browser(), asked.email(), asked.code());

        assertThat(server.db().select(USERS.EMAIL_CONFIRMED_AT).from(USERS).where(USERS.ID.eq(asked.member().id()))
                .fetchOne(USERS.EMAIL_CONFIRMED_AT)).isNotNull();
    }

    @Test
    void the_account_s_events_show_the_code_sent_the_wrong_code_and_the_sign_in() {
        var asked = askedFor("code-audit");
        verify(asked.browser(), asked.email(), otherThan(asked.code()));
        verify(asked.browser(), asked.email(), asked.code());

        var events = asked.browser().get("/api/account/events");

        var seen = new ArrayList<String>();
        events.json().forEach(e -> seen.add(e.path("type").asText() + " " + e.path("detail").asText("")));
        assertThat(seen).contains("email_code_sent ", "login_failed email code: wrong code", "login email code");
    }

    @Test
    void a_cross_site_browser_request_is_refused_and_mails_nothing() {
        String email = server.signUp("code-cross-site").email();
        var browser = server.client();

        var ask = browser.postJson("/api/auth/email-code", Json.object("email", email), "Sec-Fetch-Site", "cross-site");
        var check = browser.postJson("/api/auth/email-code/verify", Json.object("email", email, "code", "12345678"),
                "Origin", "https://evil.example");

        assertThat(ask.status()).isEqualTo(403);
        assertThat(check.status()).isEqualTo(403);
        Eventually.idle(Duration.ofMillis(300));
        assertThat(CodeMails.mailsTo(server.mail(), email)).isEmpty();
    }

    @Test
    void an_address_that_is_not_one_is_422() {
        var answer = askForCode(server.client(), "not an address");

        assertThat(answer.status()).isEqualTo(422);
        assertThat(answer.json().path("errors").get(0).path("field").asText()).isEqualTo("email");
    }
}
