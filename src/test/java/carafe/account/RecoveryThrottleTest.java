package carafe.account;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Html;
import carafe.support.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The actions that send mail or try link tokens are limited per client address. */
class RecoveryThrottleTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer()
            .with("CARAFE_LIMIT_FORGOT_IP", "2/1h")
            .with("CARAFE_LIMIT_RESET_IP", "2/1h")
            .with("CARAFE_LIMIT_CONFIRM_RESEND_IP", "1/1h");

    @Test
    void forgot_password_is_limited_per_client_on_the_api_and_the_page() {
        for (int i = 0; i < 2; i++) {
            var accepted = server.client().postJson("/api/auth/forgot", Json.object("email", CarafeServer.uniqueEmail("f")));
            assertThat(accepted.status()).isEqualTo(202);
        }
        var refused = server.client().postJson("/api/auth/forgot", Json.object("email", CarafeServer.uniqueEmail("f")));
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(Integer.parseInt(refused.header("Retry-After"))).isPositive();

        var browser = server.client();
        String form = browser.get("/forgot", "Accept", "text/html").body();
        var page = browser.postForm("/forgot", Html.form("_csrf", Html.hidden(form, "_csrf"), "email",
                CarafeServer.uniqueEmail("f")), "Accept", "text/html");
        assertThat(page.status()).isEqualTo(429);
        assertThat(page.header("Retry-After")).isNotBlank();
        assertThat(page.body()).contains("flash-error").doesNotContain("data-testid=\"forgot-sent\"");
    }

    @Test
    void reset_attempts_are_limited_per_client() {
        for (int i = 0; i < 2; i++) {
            var bad = server.client().postJson("/api/auth/reset", Json.object("token", "guess" + i, "password", "a long passphrase 42"));
            assertThat(bad.status()).isEqualTo(400);
        }
        var refused = server.client().postJson("/api/auth/reset", Json.object("token", "guess", "password", "a long passphrase 42"));
        assertThat(refused.status()).isEqualTo(429);
    }

    @Test
    void resending_the_confirmation_is_limited() {
        var client = server.signUp("resend").client();

        assertThat(client.postJson("/api/account/confirmation", "{}").status()).isEqualTo(202);
        var refused = client.postJson("/api/account/confirmation", "{}");
        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.header("Retry-After")).isNotBlank();
    }
}
