package carafe.mail;

import static carafe.db.schema.Tables.MAIL_QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.db.schema.tables.records.MailQueueRecord;
import carafe.support.CarafeServer;
import carafe.support.Eventually;
import carafe.support.LogCapture;
import carafe.support.MailServer;
import ch.qos.logback.classic.Level;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The SMTP server goes away: mail waits in the queue, is retried with backoff, and is sent exactly once. */
class MailOutageTest {
    @RegisterExtension
    @Order(1)
    static final MailServer mailServer = new MailServer();

    @RegisterExtension
    @Order(2)
    static final CarafeServer server = new CarafeServer()
            .with("CARAFE_SMTP_URL", mailServer.smtpUrl())
            .with("CARAFE_MAIL_POLL_INTERVAL", "PT0.1S")
            .with("CARAFE_MAIL_RETRY_DELAY", "1m")
            .with("CARAFE_MAIL_MAX_ATTEMPTS", "3");

    private static final String SECRET = "0neT1me-S3cret";
    private static final URI LINK = URI.create("https://app.example.com/reset/" + SECRET);

    @AfterEach
    void serverIsBack() {
        mailServer.start();
    }

    @Test
    void a_mail_queued_during_an_outage_is_delivered_exactly_once_when_the_server_is_back() throws Exception {
        String to = CarafeServer.uniqueEmail("patient");
        mailServer.stop();

        try (var log = LogCapture.of("carafe.mail")) {
            server.app().accountMails().passwordReset(to, "Ada", LINK); // returns: nothing waits for SMTP

            Eventually.until("the first attempt failed", () -> row(to) != null && row(to).getAttempts() == 1
                    && row(to).getLeaseOwner() == null);
            assertThat(row(to).getDueAt()).isEqualTo(server.clock.instant().plus(Duration.ofMinutes(1)));
            assertThat(row(to).getLastError()).containsIgnoringCase("connect");
            assertThat(row(to).getFailedAt()).isNull();
            assertThat(log.messages(Level.WARN)).anyMatch(m -> m.contains("attempt 1 of 3"));
            assertThat(log.all()).doesNotContain(SECRET); // bodies hold one-time links: never logged
        }

        mailServer.start();
        Eventually.idle(Duration.ofMillis(500)); // several polls: the retry is not due yet
        assertThat(mailServer.receivedBy(to)).isEmpty();

        server.clock.advance(Duration.ofMinutes(1));
        assertThat(mailServer.awaitOne(to).getMessageID()).isNotBlank();
        Eventually.until("the sent mail leaves the queue", () -> row(to) == null);
        Eventually.idle(Duration.ofMillis(500));
        assertThat(mailServer.receivedBy(to)).hasSize(1);
    }

    @Test
    void after_the_last_attempt_the_mail_is_kept_marked_failed_and_never_sent() {
        String to = CarafeServer.uniqueEmail("unlucky");
        mailServer.stop();

        try (var log = LogCapture.of("carafe.mail")) {
            server.app().accountMails().emailConfirmation(to, "Ada", LINK);
            Eventually.until("attempt 1 failed", () -> failedAttempts(to) == 1);
            server.clock.advance(Duration.ofMinutes(1));
            Eventually.until("attempt 2 failed", () -> failedAttempts(to) == 2);
            server.clock.advance(Duration.ofMinutes(2));
            Eventually.until("the queue gave up", () -> row(to).getFailedAt() != null);

            assertThat(row(to).getAttempts()).isEqualTo(3);
            assertThat(log.messages(Level.ERROR)).anyMatch(m -> m.contains("Gave up") && m.contains("after 3 attempts"));
            assertThat(log.all()).doesNotContain(SECRET);
        }

        mailServer.start();
        server.clock.advance(Duration.ofDays(1));
        Eventually.idle(Duration.ofMillis(500));
        assertThat(mailServer.receivedBy(to)).isEmpty();
        assertThat(row(to).getAttempts()).isEqualTo(3);
    }

    /** Attempts that ended in a failure (the row is free again), or -1 while one is under way. */
    private static int failedAttempts(String to) {
        MailQueueRecord row = row(to);
        return row == null || row.getLeaseOwner() != null ? -1 : row.getAttempts();
    }

    private static MailQueueRecord row(String to) {
        return server.db().selectFrom(MAIL_QUEUE).where(MAIL_QUEUE.RECIPIENT.eq(to)).fetchOne();
    }
}
