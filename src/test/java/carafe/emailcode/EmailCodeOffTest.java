package carafe.emailcode;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Json;
import carafe.support.Response;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Email code sign-in is off unless CARAFE_EMAIL_CODE_LOGIN turns it on: nothing of it answers or shows. */
class EmailCodeOffTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().withMailServer();

    @Test
    void the_api_answers_404_like_an_address_nothing_serves_and_mails_nothing() {
        String email = server.signUp("code-off").email();
        var client = server.client();

        Response ask = client.postJson("/api/auth/email-code", Json.object("email", email));
        Response check = client.postJson("/api/auth/email-code/verify", Json.object("email", email, "code", "12345678"));

        for (var answer : new Response[] {ask, check}) {
            assertThat(answer.status()).isEqualTo(404);
            assertThat(answer.contentType()).isEqualTo("application/problem+json");
        }
        assertThat(ask.json().path("detail").asText()).isEqualTo("Nothing is at /api/auth/email-code.");
        assertThat(CodeMails.mailsTo(server.mail(), email)).isEmpty();
    }

    @Test
    void the_pages_answer_404_and_the_sign_in_page_offers_no_code() {
        var client = server.client();

        assertThat(client.page("/login/email-code").status()).isEqualTo(404);
        assertThat(client.page("/login").body()).doesNotContain("/login/email-code").doesNotContain("code instead");
    }
}
