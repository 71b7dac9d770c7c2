package carafe.auth;

import static carafe.support.Html.form;
import static carafe.support.Html.hidden;
import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Failed sign-ins per account, with the default limit (5 per 15 minutes). Every test client comes
 * from 127.0.0.1, and CarafeServer lifts the per-address limits, so only the account limit applies.
 */
class LoginThrottleTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final String WRONG = "not the passphrase 42";
    private static final int ALLOWED_FAILURES = 5;

    private static void failLogins(String email, int times) {
        for (int i = 0; i < times; i++) {
            assertThat(server.client().login(email, WRONG).status()).as("failed login %d", i + 1).isEqualTo(401);
        }
    }

    private static long retryAfterSeconds(Response response) {
        String retryAfter = response.header("Retry-After");
        assertThat(retryAfter).as("Retry-After").isNotNull().containsOnlyDigits();
        return Long.parseLong(retryAfter);
    }

    @Test
    void the_sixth_wrong_password_within_the_window_gets_429_with_retry_after() {
        String email = server.signUp("guessed").email();
        failLogins(email, ALLOWED_FAILURES);

        var response = server.client().login(email, WRONG);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.header("Cache-Control")).isEqualTo("no-store");
        // Greedy refill: one attempt comes back every 15 min / 5 = 3 minutes.
        assertThat(retryAfterSeconds(response)).isBetween(1L, 180L);
        assertThat(response.json().path("status").asInt()).isEqualTo(429);
        assertThat(response.json().path("detail").asText())
                .isEqualTo("Too many failed sign-ins for this account. Try again in 3 minutes.");
    }

    @Test
    void once_locked_even_the_right_password_gets_429_and_no_session() {
        String email = server.signUp("locked").email();
        failLogins(email, ALLOWED_FAILURES);
        var client = server.client();

        var response = client.login(email, PASSWORD);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.setCookies()).isEmpty();
        assertThat(client.session().status()).isEqualTo(401);
    }

    @Test
    void an_unknown_email_is_throttled_exactly_like_a_real_account() {
        String known = server.signUp("known").email();
        String unknown = CarafeServer.uniqueEmail("unknown");
        failLogins(known, ALLOWED_FAILURES);
        failLogins(unknown, ALLOWED_FAILURES);

        var knownResponse = server.client().login(known, WRONG);
        var unknownResponse = server.client().login(unknown, WRONG);

        assertThat(unknownResponse.status()).isEqualTo(knownResponse.status()).isEqualTo(429);
        assertThat(unknownResponse.body()).isEqualTo(knownResponse.body());
        assertThat(unknownResponse.header("Retry-After")).isEqualTo(knownResponse.header("Retry-After"));
    }

    @Test
    void the_account_is_counted_however_its_email_is_spelled() {
        String email = server.signUp("spelling").email();
        failLogins(email.toUpperCase(), ALLOWED_FAILURES);

        assertThat(server.client().login("  " + email + " ", PASSWORD).status()).isEqualTo(429);
    }

    @Test
    void other_accounts_are_unaffected() {
        String attacked = server.signUp("attacked").email();
        String bystander = server.signUp("bystander").email();
        failLogins(attacked, ALLOWED_FAILURES);
        assertThat(server.client().login(attacked, WRONG).status()).isEqualTo(429);

        assertThat(server.client().login(bystander, WRONG).status()).isEqualTo(401);
        assertThat(server.client().login(bystander, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void after_the_window_passes_the_right_password_works_again() {
        String email = server.signUp("patient").email();
        failLogins(email, ALLOWED_FAILURES);
        assertThat(server.client().login(email, PASSWORD).status()).isEqualTo(429);

        server.clock.advance(Duration.ofMinutes(15));

        assertThat(server.client().login(email, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void waiting_retry_after_allows_one_more_attempt_not_a_new_window() {
        String email = server.signUp("drip").email();
        failLogins(email, ALLOWED_FAILURES);
        long wait = retryAfterSeconds(server.client().login(email, WRONG));

        server.clock.advance(Duration.ofSeconds(wait));

        assertThat(server.client().login(email, WRONG).status()).isEqualTo(401);
        assertThat(server.client().login(email, WRONG).status()).isEqualTo(429);
    }

    @Test
    void a_successful_login_resets_the_account_counter() {
        String email = server.signUp("forgetful").email();
        failLogins(email, ALLOWED_FAILURES - 1);
        assertThat(server.client().login(email, PASSWORD).status()).isEqualTo(200);

        failLogins(email, ALLOWED_FAILURES);

        assertThat(server.client().login(email, WRONG).status()).isEqualTo(429);
    }

    @Test
    void the_login_page_shows_the_message_with_429() {
        String email = server.signUp("page").email();
        failLogins(email, ALLOWED_FAILURES);
        var client = server.client();
        String token = hidden(client.get("/login").body(), "_csrf");

        var response = client.postForm("/login", form("_csrf", token, "next", "/", "email", email,
                "password", PASSWORD), "Accept", "text/html");

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.contentType()).startsWith("text/html");
        assertThat(retryAfterSeconds(response)).isBetween(1L, 180L);
        assertThat(response.body())
                .contains("<p class=\"flash flash-error\" role=\"alert\">Too many failed sign-ins for this account."
                        + " Try again in 3 minutes.</p>")
                .contains("<form method=\"post\" action=\"/login\"")
                .contains("value=\"" + email + "\"")
                .doesNotContain(PASSWORD);
        assertThat(response.setCookie("carafe_session")).isEmpty();
    }

    @Test
    void failures_on_the_login_page_count_towards_the_same_limit() {
        String email = server.signUp("mixed").email();
        var client = server.client();
        for (int i = 0; i < ALLOWED_FAILURES; i++) {
            String token = hidden(client.get("/login").body(), "_csrf");
            var failed = client.postForm("/login", form("_csrf", token, "next", "/", "email", email,
                    "password", WRONG));
            assertThat(failed.status()).isEqualTo(401);
        }

        assertThat(server.client().login(email, PASSWORD).status()).isEqualTo(429);
    }
}
