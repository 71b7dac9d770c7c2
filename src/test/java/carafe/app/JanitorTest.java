package carafe.app;

import static carafe.db.schema.Tables.MAIL_QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.db.schema.tables.records.MailQueueRecord;
import carafe.support.CarafeServer;
import carafe.support.Eventually;
import java.net.URI;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** What one run of the janitor removes, on the server's clock. */
class JanitorTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer().withMailServer()
            .with("CARAFE_MAIL_MAX_ATTEMPTS", "1")
            .with("CARAFE_MAIL_FAILED_RETENTION", "7d");

    private static final URI LINK = URI.create("https://app.example.com/confirm/0neT1me");

    @Test
    void a_run_removes_mail_given_up_longer_ago_than_the_retention_and_keeps_newer_failed_mail() {
        String old = CarafeServer.uniqueEmail("old");
        String newer = CarafeServer.uniqueEmail("newer");
        server.mail().stop(); // connection refused: with one attempt allowed, each mail is given up at once
        try {
            givenUp(old);
            server.clock.advance(Duration.ofDays(5));
            givenUp(newer);
        } finally {
            server.mail().start();
        }
        server.clock.advance(Duration.ofDays(2).plusMillis(1)); // old: 7 days and 1 ms ago; newer: 2 days

        try (var janitor = new Janitor(server.app().services())) {
            janitor.purgeExpired();
        }

        assertThat(row(old)).isNull();
        assertThat(row(newer)).isNotNull();
        assertThat(row(newer).getLastError()).containsIgnoringCase("connect");
        assertThat(server.mail().receivedBy(old)).isEmpty(); // purged, not sent after all
    }

    private static void givenUp(String to) {
        server.app().accountMails().emailConfirmation(to, "Ada", LINK);
        Eventually.until("the queue gave up on the mail to " + to, () -> row(to) != null && row(to).getFailedAt() != null);
    }

    private static MailQueueRecord row(String to) {
        return server.db().selectFrom(MAIL_QUEUE).where(MAIL_QUEUE.RECIPIENT.eq(to)).fetchOne();
    }
}
