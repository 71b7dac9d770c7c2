package carafe.emailcode;

import static carafe.emailcode.CodeMails.otherThan;
import static carafe.support.Html.assertIsHtml;
import static carafe.support.Html.field;
import static carafe.support.Html.form;
import static carafe.support.Html.hidden;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.AuthenticatorApp;
import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Member;
import carafe.support.Response;
import java.util.LinkedHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Email code sign-in on the pages, over real HTTP, as a browser without JavaScript uses them: the
 * link on /login, the address form, the code form its answer shows, the message for a wrong code, the
 * second step for an account with one, and the signed-out forms' protection against login CSRF.
 */
class EmailCodePagesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().withMailServer().with("CARAFE_EMAIL_CODE_LOGIN", "true");

    private static final String SESSION = "carafe_session";
    private static final String FLASH = "carafe_flash";

    /** Posts the address form shown at /login/email-code?next=…, as a browser would: the code form comes back. */
    private static Response askForCode(Client browser, String email, String next) {
        String html = browser.page("/login/email-code?next=" + java.net.URLEncoder.encode(next, java.nio.charset.StandardCharsets.UTF_8)).body();
        return browser.postForm("/login/email-code", form("_csrf", hidden(html, "_csrf"), "next", hidden(html, "next"),
                "email", email), "Accept", "text/html");
    }

    /** Posts the code form of {@code codePage} (the answer to the address form) with this code. */
    private static Response enterCode(Client browser, String codePage, String code, String... more) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("_csrf", hidden(codePage, "_csrf"));
        fields.put("next", hidden(codePage, "next"));
        fields.put("email", hidden(codePage, "email"));
        fields.put("code", code);
        fields.putAll(form(more));
        return browser.postForm("/login/email-code/verify", fields, "Accept", "text/html");
    }

    @Test
    void the_sign_in_page_links_to_the_email_code_form_keeping_next() {
        var page = server.client().page("/login?next=%2Fnotes");

        assertThat(page.body()).contains("<a class=\"button secondary\" href=\"/login/email-code?next=%2Fnotes\">Email me a code instead</a>");
    }

    @Test
    void the_address_form_is_a_signed_out_form_keeping_next() {
        var response = server.client().page("/login/email-code?next=%2Fnotes");

        assertThat(response.status()).isEqualTo(200);
        assertIsHtml(response);
        String html = response.body();
        assertThat(html).contains("<form method=\"post\" action=\"/login/email-code\"");
        assertThat(hidden(html, "_csrf")).matches("[A-Za-z0-9_-]{43}");
        assertThat(hidden(html, "next")).isEqualTo("/notes");
        assertThat(field(html, "email")).contains("type=\"email\"").contains("autocomplete=\"username\"");
        assertThat(html).doesNotContainPattern("<script(?![^>]*\\ssrc=\"/static/)");
    }

    @Test
    void the_code_from_the_mail_signs_in_and_goes_to_next_with_a_flash() {
        String email = server.signUp("page-code", "Ada Lovelace").email();
        var browser = server.client();

        var codeForm = askForCode(browser, email, "/notes");

        assertThat(codeForm.status()).isEqualTo(200);
        String html = codeForm.body();
        assertThat(html).contains("<form method=\"post\" action=\"/login/email-code/verify\"")
                .contains("we have mailed it an\n      8-digit code");
        assertThat(hidden(html, "email")).isEqualTo(email);
        assertThat(field(html, "code")).contains("autocomplete=\"one-time-code\"");
        assertThat(codeForm.setCookie(SESSION)).isEmpty();

        var signedIn = enterCode(browser, html, CodeMails.first(server.mail(), email), "remember", "on");

        assertThat(signedIn.status()).isEqualTo(303);
        assertThat(signedIn.header("Location")).isEqualTo("/notes");
        assertThat(signedIn.setCookie(SESSION)).hasValueSatisfying(cookie -> assertThat(cookie).contains("Max-Age="));
        assertThat(signedIn.setCookie(FLASH)).isPresent();
        assertThat(browser.page("/notes").body()).contains("Welcome back, Ada Lovelace.");
        assertThat(browser.session().json().path("amr").get(0).asText()).isEqualTo("email");
    }

    @Test
    void a_wrong_code_shows_the_code_form_again_with_401_and_the_message_and_no_session() {
        String email = server.signUp("page-wrong").email();
        var browser = server.client();
        String html = askForCode(browser, email, "/").body();

        var refused = enterCode(browser, html, otherThan(CodeMails.first(server.mail(), email)));

        assertThat(refused.status()).isEqualTo(401);
        assertThat(refused.body()).contains("That code is not right, has expired or has been used. Ask for a new one.")
                .contains("<form method=\"post\" action=\"/login/email-code/verify\"");
        assertThat(hidden(refused.body(), "email")).isEqualTo(email);
        assertThat(browser.cookies()).doesNotContainKey(SESSION);
    }

    @Test
    void an_unknown_address_gets_the_same_code_form() {
        var browser = server.client();
        String unknown = CarafeServer.uniqueEmail("page-nobody");

        var answer = askForCode(browser, unknown, "/");

        assertThat(answer.status()).isEqualTo(200);
        assertThat(answer.body()).contains("If an active account uses <strong>" + unknown + "</strong>, we have mailed it an");
    }

    @Test
    void an_empty_code_shows_the_form_again_with_422() {
        String email = server.signUp("page-empty").email();
        var browser = server.client();
        String html = askForCode(browser, email, "/").body();

        var refused = enterCode(browser, html, "");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(field(refused.body(), "code")).contains("Code is required.");
    }

    @Test
    void a_bad_address_shows_the_address_form_again_with_422() {
        var refused = askForCode(server.client(), "not an address", "/");

        assertThat(refused.status()).isEqualTo(422);
        assertThat(field(refused.body(), "email")).contains("must be an email address");
    }

    @Test
    void forms_without_their_pre_session_token_are_refused_with_403_and_mail_nothing() {
        String email = server.signUp("page-forged").email();
        var browser = server.client();

        var ask = browser.postForm("/login/email-code", form("_csrf", "forged", "next", "/", "email", email),
                "Accept", "text/html");
        var check = browser.postForm("/login/email-code/verify", form("_csrf", "forged", "next", "/", "email", email,
                "code", "12345678"), "Accept", "text/html");

        assertThat(ask.status()).isEqualTo(403);
        assertThat(ask.body()).contains("This form has expired. Please submit it again.");
        assertThat(check.status()).isEqualTo(403);
        assertThat(CodeMails.mailsTo(server.mail(), email)).isEmpty();
    }

    @Test
    void an_account_with_an_authenticator_app_goes_on_to_the_second_step_keeping_next() {
        Member member = server.signUp("page-totp");
        var app = AuthenticatorApp.setUpFor(member, server.clock);
        assertThat(member.client().logout().status()).isEqualTo(204);
        var browser = server.client();
        String html = askForCode(browser, member.email(), "/notes").body();

        var pending = enterCode(browser, html, CodeMails.first(server.mail(), member.email()));

        assertThat(pending.status()).isEqualTo(303);
        assertThat(pending.header("Location")).isEqualTo("/login/two-step?next=%2Fnotes");
        assertThat(browser.session().status()).as("the pending sign-in opens nothing").isEqualTo(401);
        String secondStep = browser.page(pending.header("Location")).body();
        var done = browser.postForm("/login/two-step", form("_csrf", hidden(secondStep, "_csrf"), "next",
                hidden(secondStep, "next"), "code", app.code()), "Accept", "text/html");
        assertThat(done.status()).isEqualTo(303);
        assertThat(done.header("Location")).isEqualTo("/notes");
        var amr = browser.session().json().path("amr");
        assertThat(amr.get(0).asText()).isEqualTo("email");
        assertThat(amr.get(1).asText()).isEqualTo("otp");
    }

    @Test
    void a_signed_in_browser_asking_for_the_address_form_goes_to_next() {
        var client = server.signUp("page-already-in").client();

        var response = client.page("/login/email-code?next=%2Fnotes");

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/notes");
    }
}
