package carafe.emailcode;

import static carafe.support.Html.form;
import static carafe.support.Html.hidden;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Codes asked for from one client address are limited (CARAFE_LIMIT_EMAIL_CODE_IP, default 10 an hour;
 * 3 here), whatever the addresses: 429 with Retry-After on the API, the form again with the message on
 * the pages. Its own server, as every test of the class comes from 127.0.0.1.
 */
class EmailCodeClientLimitTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().withMailServer().with("CARAFE_EMAIL_CODE_LOGIN", "true")
            .with("CARAFE_LIMIT_EMAIL_CODE_IP", "3/1h");

    @Test
    void the_fourth_code_an_hour_from_one_address_is_429_with_retry_after_on_the_api_and_the_page() {
        for (int request = 1; request <= 3; request++) {
            var answer = server.client().postJson("/api/auth/email-code",
                    Json.object("email", CarafeServer.uniqueEmail("client-limit")));
            assertThat(answer.status()).as("request " + request).isEqualTo(202);
        }

        var api = server.client().postJson("/api/auth/email-code", Json.object("email", CarafeServer.uniqueEmail("client-limit")));
        var browser = server.client();
        String html = browser.page("/login/email-code").body();
        var page = browser.postForm("/login/email-code", form("_csrf", hidden(html, "_csrf"), "next", "/",
                "email", CarafeServer.uniqueEmail("client-limit")), "Accept", "text/html");

        assertThat(api.status()).isEqualTo(429);
        assertThat(api.contentType()).isEqualTo("application/problem+json");
        assertThat(Long.parseLong(api.header("Retry-After"))).isPositive();
        assertThat(page.status()).isEqualTo(429);
        assertThat(Long.parseLong(page.header("Retry-After"))).isPositive();
        assertThat(page.body()).contains("Too many sign-in codes asked for from your network. Try again in")
                .contains("<form method=\"post\" action=\"/login/email-code\"");
    }
}
