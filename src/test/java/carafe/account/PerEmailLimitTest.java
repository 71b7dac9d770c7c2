package carafe.account;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Html;
import carafe.support.Json;
import carafe.support.MailServer;
import carafe.support.Mails;
import carafe.support.Response;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Reset and confirmation mails to one email address are limited whichever client addresses or accounts
 * ask (CARAFE_LIMIT_FORGOT_EMAIL, CARAFE_LIMIT_CONFIRM_RESEND_EMAIL, which also counts the links an email
 * change sends to the new address; 3 an hour, the defaults), so a flood cannot fill one inbox. The load balancer at 127.0.0.1 is trusted, so each
 * request can come from a client address of its own (X-Forwarded-For).
 */
class PerEmailLimitTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().withMailServer()
            .with("CARAFE_TRUSTED_PROXIES", "127.0.0.1")
            .with("CARAFE_LIMIT_FORGOT_EMAIL", "3/1h")
            .with("CARAFE_LIMIT_CONFIRM_RESEND_EMAIL", "3/1h");

    private static final String RESET = "Reset your password";
    private static final String CONFIRM = "Confirm your email address";
    private static final String CHANGE = "Confirm your new email address";
    /** No mail is awaited when none should come; this long is plenty for one to arrive if it did. */
    private static final Duration QUIET = Duration.ofMillis(500);

    @Test
    void the_fourth_reset_request_an_hour_for_one_address_is_429_with_retry_after_and_mails_nothing() {
        String email = server.signUp("forgot-flood").email();

        for (int request = 1; request <= 3; request++) {
            assertThat(forgot(email, "198.51.100." + request).status()).as("request " + request).isEqualTo(202);
        }
        var refused = forgot(email, "198.51.100.4");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.json().path("detail").asText())
                .isEqualTo("Too many password reset requests for this address. Try again in 20 minutes.");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isEqualTo(Duration.ofMinutes(20).toSeconds());
        server.mail().await(email, 4); // the confirmation at sign-up and three reset links
        MailServer.pause(QUIET);
        assertThat(subjectsTo(email)).containsExactlyInAnyOrder(CONFIRM, RESET, RESET, RESET);
    }

    @Test
    void an_unknown_address_is_limited_the_same_way_so_the_answer_tells_nothing() {
        String known = server.signUp("forgot-known").email();
        String unknown = CarafeServer.uniqueEmail("forgot-nobody");
        var fourth = new ArrayList<Response>();
        for (String email : List.of(known, unknown)) {
            for (int request = 1; request <= 3; request++) {
                assertThat(forgot(email, "198.51.100." + request).status()).as(email + " request " + request).isEqualTo(202);
            }
            fourth.add(forgot(email, "198.51.100.4"));
        }

        assertThat(fourth.get(0).status()).isEqualTo(429);
        assertThat(fourth.get(1).status()).isEqualTo(429);
        assertThat(fourth.get(1).body()).isEqualTo(fourth.get(0).body());
        assertThat(fourth.get(1).header("Retry-After")).isEqualTo(fourth.get(0).header("Retry-After"));
        MailServer.pause(QUIET);
        assertThat(server.mail().receivedBy(unknown)).isEmpty();
    }

    @Test
    void another_address_from_the_same_client_still_gets_its_reset_link() {
        String victim = CarafeServer.uniqueEmail("forgot-victim");
        for (int request = 1; request <= 3; request++) forgot(victim, "203.0.113.7");
        assertThat(forgot(victim, "203.0.113.7").status()).isEqualTo(429);
        String other = server.signUp("forgot-other").email();

        var asked = forgot(other, "203.0.113.7");

        assertThat(asked.status()).isEqualTo(202);
        assertThat(Mails.subject(server.mail().await(other, 2).get(1))).isEqualTo(RESET);
    }

    @Test
    void the_forgot_page_shows_the_form_again_with_the_message_and_429() {
        String email = CarafeServer.uniqueEmail("forgot-page");
        for (int request = 1; request <= 3; request++) forgot(email, "198.51.100." + request);
        var browser = server.client();
        String form = browser.page("/forgot").body();

        var page = browser.postForm("/forgot", Html.form("_csrf", Html.hidden(form, "_csrf"), "email", email),
                "Accept", "text/html", "X-Forwarded-For", "198.51.100.4");

        assertThat(page.status()).isEqualTo(429);
        assertThat(Long.parseLong(page.header("Retry-After"))).isPositive();
        assertThat(page.body()).contains("Too many password reset requests for this address. Try again in 20 minutes.")
                .contains("<form method=\"post\" action=\"/forgot\"").doesNotContain("data-testid=\"forgot-sent\"");
    }

    @Test
    void the_fourth_confirmation_mail_asked_for_an_hour_is_429_and_another_account_still_gets_its_own() {
        var member = server.signUp("resend-flood");
        server.mail().awaitOne(member.email());
        for (int request = 1; request <= 3; request++) {
            assertThat(member.client().postJson("/api/account/confirmation", "{}", "X-Forwarded-For", "198.51.100." + request)
                    .status()).as("request " + request).isEqualTo(202);
        }

        var refused = member.client().postJson("/api/account/confirmation", "{}", "X-Forwarded-For", "198.51.100.4");
        var other = server.signUp("resend-other");
        var otherResent = other.client().postJson("/api/account/confirmation", "{}", "X-Forwarded-For", "198.51.100.4");

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.json().path("detail").asText())
                .isEqualTo("Too many confirmation emails requested for this address. Try again in 20 minutes.");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
        assertThat(otherResent.status()).isEqualTo(202);
        server.mail().await(other.email(), 2);
        MailServer.pause(QUIET);
        assertThat(subjectsTo(member.email())).containsExactly(CONFIRM, CONFIRM, CONFIRM, CONFIRM);
    }

    @Test
    void the_account_page_says_when_the_address_has_had_its_confirmation_mails() {
        var member = server.signUp("resend-page");
        Client browser = member.client();
        for (int request = 1; request <= 3; request++) browser.postJson("/api/account/confirmation", "{}");
        String csrf = Html.hidden(browser.page("/account").body(), "_csrf");

        var asked = browser.postForm("/account/confirmation", Html.form("_csrf", csrf), "Accept", "text/html");

        assertThat(asked.status()).isEqualTo(303);
        assertThat(asked.header("Location")).isEqualTo("/account");
        assertThat(browser.page("/account").body())
                .contains("Too many confirmation emails requested for this address. Try again in 20 minutes.");
    }

    @Test
    void a_fourth_account_changing_to_one_address_within_the_hour_is_429_and_that_inbox_gets_three_links() {
        String inbox = "changed-to-" + System.nanoTime() + "@example.com";
        for (int account = 1; account <= 3; account++) {
            var member = server.signUp("changer-" + account);
            var changed = member.client().patchJson("/api/account", Json.object("email", inbox, "currentPassword", member.password()));
            assertThat(changed.status()).as("account " + account).isEqualTo(200);
        }
        var fourth = server.signUp("changer-4");

        var refused = fourth.client().patchJson("/api/account", Json.object("email", inbox, "currentPassword", fourth.password()));

        assertThat(refused.status()).isEqualTo(429);
        assertThat(refused.contentType()).isEqualTo("application/problem+json");
        assertThat(refused.json().path("detail").asText())
                .isEqualTo("Too many confirmation emails requested for this address. Try again in 20 minutes.");
        assertThat(Long.parseLong(refused.header("Retry-After"))).isPositive();
        assertThat(fourth.client().get("/api/account").json().path("pendingEmail").isNull()).as("no change pending").isTrue();
        server.mail().await(inbox, 3);
        MailServer.pause(QUIET);
        assertThat(subjectsTo(inbox)).containsExactly(CHANGE, CHANGE, CHANGE);
    }

    @Test
    void the_profile_form_shows_the_message_with_429_when_the_new_address_has_had_its_links() {
        String inbox = "changed-on-page-" + System.nanoTime() + "@example.com";
        for (int account = 1; account <= 3; account++) {
            var member = server.signUp("page-changer-" + account);
            member.client().patchJson("/api/account", Json.object("email", inbox, "currentPassword", member.password()));
        }
        var member = server.signUp("page-changer-4");
        Client browser = member.client();
        String csrf = Html.hidden(browser.page("/account").body(), "_csrf");

        var page = browser.postForm("/account/profile", Html.form("_csrf", csrf, "name", "Page Changer",
                "email", inbox, "profilePassword", member.password()), "Accept", "text/html");

        assertThat(page.status()).isEqualTo(429);
        assertThat(Long.parseLong(page.header("Retry-After"))).isPositive();
        assertThat(page.body()).contains("Too many confirmation emails requested for this address. Try again in 20 minutes.")
                .contains("<form method=\"post\" action=\"/account/profile\"");
    }

    @Test
    void no_rate_limit_key_in_redis_holds_an_email_address() {
        var redis = server.app().services().redis();
        assumeTrue(redis != null, "rate limits are in Redis in the PostgreSQL run only");
        String email = CarafeServer.uniqueEmail("hidden");
        forgot(email, "198.51.100.9");
        server.client().login(email, "not the password");

        var keys = new ArrayList<String>();
        var commands = redis.text().sync();
        ScanCursor cursor = ScanCursor.INITIAL;
        do {
            var page = commands.scan(cursor, ScanArgs.Builder.matches(redis.key("bucket:*")).limit(500));
            keys.addAll(page.getKeys());
            cursor = page;
        } while (!cursor.isFinished());

        assertThat(keys).anyMatch(key -> key.contains("forgot")).anyMatch(key -> key.contains("login"))
                .noneMatch(key -> key.contains(email.substring(0, email.indexOf('@'))))
                .noneMatch(key -> key.contains("@"));
    }

    private static Response forgot(String email, String clientAddress) {
        return server.client().postJson("/api/auth/forgot", Json.object("email", email), "X-Forwarded-For", clientAddress);
    }

    private static List<String> subjectsTo(String email) {
        return server.mail().receivedBy(email).stream().map(Mails::subject).toList();
    }
}
