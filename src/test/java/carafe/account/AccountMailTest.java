package carafe.account;

import static carafe.db.schema.Tables.MAIL_QUEUE;
import static carafe.db.schema.Tables.ONE_TIME_TOKENS;
import static carafe.db.schema.Tables.USERS;
import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Eventually;
import carafe.support.Html;
import carafe.support.Json;
import carafe.support.MailServer;
import carafe.support.Mails;
import jakarta.mail.internet.MimeMessage;
import java.time.Duration;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The flows that go through a mailbox, with a real SMTP server (GreenMail): confirmation at sign-up,
 * password reset, email change. Links work once, and not after they expire.
 */
@TestMethodOrder(MethodOrderer.MethodName.class)
class AccountMailTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().withMailServer();

    private static final String NEW_PASSWORD = "another passphrase 77";

    @Test
    void sign_up_mails_a_confirmation_link_that_works_once() {
        var member = server.signUp("confirm");
        var client = member.client();

        MimeMessage message = server.mail().awaitOne(member.email());
        assertThat(Mails.subject(message)).containsIgnoringCase("confirm");
        String path = Mails.linkPath(message, "/confirm/");
        assertThat(Mails.token(message, "/confirm/")).hasSizeGreaterThanOrEqualTo(43);
        assertThat(server.db().fetchExists(ONE_TIME_TOKENS, ONE_TIME_TOKENS.TOKEN_HASH.eq(Mails.token(message, "/confirm/"))))
                .as("only a hash is stored").isFalse();

        var first = server.client().page(path);
        assertThat(first.status()).isEqualTo(200);
        assertThat(first.body()).contains("Your email address is confirmed.");
        assertThat(client.get("/api/account").json().path("emailConfirmed").asBoolean()).isTrue();

        var again = server.client().page(path);
        assertThat(again.status()).isEqualTo(400);
        assertThat(again.body()).contains("already been used");
    }

    @Test
    void a_confirmation_link_expires_after_a_day() {
        var member = server.signUp("late");
        var client = member.client();
        String token = Mails.token(server.mail().awaitOne(member.email()), "/confirm/");

        server.clock.advance(Duration.ofHours(24).plusSeconds(1));
        try {
            var late = server.client().postJson("/api/auth/confirm", Json.object("token", token));
            assertThat(late.status()).isEqualTo(400);
            assertThat(late.contentType()).isEqualTo("application/problem+json");
        } finally {
            server.clock.advance(Duration.ofHours(-24).minusSeconds(1));
        }
        assertThat(client.get("/api/account").json().path("emailConfirmed").asBoolean()).isFalse();
    }

    @Test
    void the_link_can_be_sent_again_and_only_the_newest_one_works() {
        var member = server.signUp("resend");
        var client = member.client();
        String oldToken = Mails.token(server.mail().awaitOne(member.email()), "/confirm/");

        var resent = client.postJson("/api/account/confirmation", "{}");
        assertThat(resent.status()).isEqualTo(202);
        String newToken = Mails.token(server.mail().await(member.email(), 2).get(1), "/confirm/");
        assertThat(newToken).isNotEqualTo(oldToken);

        assertThat(server.client().postJson("/api/auth/confirm", Json.object("token", oldToken)).status()).isEqualTo(400);
        assertThat(server.client().postJson("/api/auth/confirm", Json.object("token", newToken)).status()).isEqualTo(204);
        assertThat(client.postJson("/api/account/confirmation", "{}").status()).as("already confirmed").isEqualTo(409);
    }

    @Test
    void forgot_mails_a_reset_link_for_a_known_address_and_nothing_for_an_unknown_one() {
        String known = server.signUp("forgot-known").email();
        server.mail().awaitOne(known); // the confirmation
        String unknown = CarafeServer.uniqueEmail("forgot-unknown");

        var forUnknown = server.client().postJson("/api/auth/forgot", Json.object("email", unknown));
        var forKnown = server.client().postJson("/api/auth/forgot", Json.object("email", known.toUpperCase()));

        assertThat(forUnknown.status()).isEqualTo(202);
        assertThat(forKnown.status()).isEqualTo(202);
        assertThat(forKnown.body()).isEqualTo(forUnknown.body());
        MimeMessage reset = server.mail().await(known, 2).get(1);
        assertThat(Mails.subject(reset)).containsIgnoringCase("reset");
        assertThat(Mails.linkPath(reset, "/reset/")).startsWith("/reset/");
        MailServer.pause(Duration.ofMillis(300));
        assertThat(server.mail().receivedBy(unknown)).isEmpty();
    }

    @Test
    void a_reset_sets_the_password_once_and_ends_every_session() {
        var member = server.signUp("reset");
        var first = member.client();
        var second = member.signInOnAnotherDevice();
        server.mail().awaitOne(member.email());

        server.client().postJson("/api/auth/forgot", Json.object("email", member.email()));
        String token = Mails.token(server.mail().await(member.email(), 2).get(1), "/reset/");

        var weak = server.client().postJson("/api/auth/reset", Json.object("token", token, "password", "short"));
        assertThat(weak.status()).isEqualTo(422);
        var reset = server.client().postJson("/api/auth/reset", Json.object("token", token, "password", NEW_PASSWORD));
        assertThat(reset.status()).as("a weak password does not use the link up").isEqualTo(204);

        assertThat(first.session().status()).isEqualTo(401);
        assertThat(second.session().status()).isEqualTo(401);
        assertThat(server.client().login(member.email(), PASSWORD).status()).isEqualTo(401);
        assertThat(server.client().login(member.email(), NEW_PASSWORD).status()).isEqualTo(200);
        var again = server.client().postJson("/api/auth/reset", Json.object("token", token, "password", "yet another one 99"));
        assertThat(again.status()).isEqualTo(400);
        assertThat(server.client().login(member.email(), NEW_PASSWORD).status()).isEqualTo(200);
        assertThat(server.db().select(USERS.EMAIL_CONFIRMED_AT).from(USERS).where(USERS.EMAIL.eq(member.email()))
                .fetchOne(USERS.EMAIL_CONFIRMED_AT)).as("the mail reached the inbox").isNotNull();
    }

    @Test
    void a_reset_link_expires_after_an_hour() {
        String email = server.signUp("reset-late").email();
        server.mail().awaitOne(email);
        server.client().postJson("/api/auth/forgot", Json.object("email", email));
        String token = Mails.token(server.mail().await(email, 2).get(1), "/reset/");

        server.clock.advance(Duration.ofMinutes(61));
        try {
            var late = server.client().postJson("/api/auth/reset", Json.object("token", token, "password", NEW_PASSWORD));
            assertThat(late.status()).isEqualTo(400);
            assertThat(server.client().page("/reset/" + token).status()).isEqualTo(400);
        } finally {
            server.clock.advance(Duration.ofMinutes(-61));
        }
        assertThat(server.client().login(email, PASSWORD).status()).isEqualTo(200);
    }

    @Test
    void the_reset_pages_set_a_new_password_and_send_the_user_to_sign_in() {
        String email = server.signUp("reset-page").email();
        server.mail().awaitOne(email);
        var browser = server.client();
        String forgotForm = browser.page("/forgot").body();
        var asked = browser.postForm("/forgot", Html.form("_csrf", Html.hidden(forgotForm, "_csrf"), "email", email),
                "Accept", "text/html");
        assertThat(asked.status()).isEqualTo(202);
        String path = Mails.linkPath(server.mail().await(email, 2).get(1), "/reset/");

        String form = browser.page(path).body();
        assertThat(form).contains("action=\"" + path + "\"");
        var weak = browser.postForm(path, Html.form("_csrf", Html.hidden(form, "_csrf"), "password", "short"),
                "Accept", "text/html");
        assertThat(weak.status()).isEqualTo(422);
        assertThat(Html.field(weak.body(), "password")).contains("at least 8");

        var done = browser.postForm(path, Html.form("_csrf", Html.hidden(weak.body(), "_csrf"), "password", NEW_PASSWORD),
                "Accept", "text/html");
        assertThat(done.status()).isEqualTo(303);
        assertThat(done.header("Location")).isEqualTo("/login");
        assertThat(browser.page("/login").body()).contains("Your password has been changed.");
        assertThat(server.client().login(email, NEW_PASSWORD).status()).isEqualTo(200);
        assertThat(browser.page(path).status()).as("used up").isEqualTo(400);
    }

    @Test
    void an_email_change_switches_only_when_the_new_address_confirms_and_tells_the_old_one() {
        var member = server.signUp("change-old");
        String oldEmail = member.email();
        var client = member.client();
        server.mail().awaitOne(oldEmail);
        String newEmail = CarafeServer.uniqueEmail("change-new");

        var requested = client.patchJson("/api/account", Json.object("email", newEmail, "currentPassword", PASSWORD));
        assertThat(requested.status()).isEqualTo(200);
        MimeMessage confirmation = server.mail().awaitOne(newEmail);
        assertThat(server.client().login(newEmail, PASSWORD).status()).as("not yet").isEqualTo(401);

        var confirmed = server.client().page(Mails.linkPath(confirmation, "/confirm/"));
        assertThat(confirmed.status()).isEqualTo(200);
        assertThat(confirmed.body()).contains("Your email address has been changed.");

        var account = client.get("/api/account").json();
        assertThat(account.path("email").asText()).isEqualTo(newEmail);
        assertThat(account.path("emailConfirmed").asBoolean()).isTrue();
        assertThat(account.path("pendingEmail").isNull()).isTrue();
        MimeMessage notice = server.mail().await(oldEmail, 2).get(1);
        assertThat(Mails.text(notice)).contains(newEmail);
        assertThat(server.client().login(newEmail, PASSWORD).status()).isEqualTo(200);
        assertThat(server.client().login(oldEmail, PASSWORD).status()).isEqualTo(401);
    }

    @Test
    void sign_up_works_while_the_mail_server_is_down_and_the_mail_follows() {
        server.mail().stop();
        String email = CarafeServer.uniqueEmail("outage");
        try {
            assertThat(server.client().register(email, "Outage", PASSWORD).status()).isEqualTo(201);
            Eventually.until("the first attempt failed", () -> server.db().fetchExists(MAIL_QUEUE,
                    MAIL_QUEUE.RECIPIENT.eq(email), MAIL_QUEUE.ATTEMPTS.eq(1), MAIL_QUEUE.LEASE_OWNER.isNull()));
        } finally {
            server.mail().start();
        }
        server.clock.advance(Duration.ofMinutes(10)); // past the retry backoff
        MimeMessage message = server.mail().awaitOne(email);
        assertThat(Mails.linkPath(message, "/confirm/")).startsWith("/confirm/");
        assertThat(server.mail().receivedBy(email)).hasSize(1);
    }
}
