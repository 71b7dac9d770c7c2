package carafe.mail;

import static carafe.db.schema.Tables.MAIL_QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.app.App;
import carafe.app.Config;
import carafe.support.CarafeServer;
import carafe.support.Eventually;
import carafe.support.MailServer;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** Two Carafe instances on one database share the queue: each mail is sent once, by one of them. */
class SharedQueueTest {
    @RegisterExtension
    @Order(1)
    static final MailServer mailServer = new MailServer();

    @RegisterExtension
    @Order(2)
    static final CarafeServer server = new CarafeServer()
            .with("CARAFE_SMTP_URL", mailServer.smtpUrl())
            .with("CARAFE_MAIL_POLL_INTERVAL", "PT0.1S");

    @TempDir
    static Path secondDataDir;

    static App second;

    @BeforeAll
    static void startSecondInstance() {
        second = App.create(Config.from(Map.of(
                "CARAFE_HOST", "127.0.0.1",
                "CARAFE_PORT", "0",
                "CARAFE_DATA_DIR", secondDataDir.toString(),
                "CARAFE_DATABASE_URL", server.databaseUrl(),
                "CARAFE_SMTP_URL", mailServer.smtpUrl(),
                "CARAFE_MAIL_POLL_INTERVAL", "PT0.1S")), server.clock).start();
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) second.close();
    }

    @Test
    void every_mail_queued_on_either_instance_is_delivered_exactly_once() {
        int count = 40;
        var recipients = new ArrayList<String>();
        // Queued while the mail server is down, so that all of them come due at the same moment later
        // and both workers go for the same rows at once.
        mailServer.stop();
        try {
            for (int i = 0; i < count; i++) {
                String to = CarafeServer.uniqueEmail("shared" + i);
                recipients.add(to);
                App instance = i % 2 == 0 ? server.app() : second;
                instance.accountMails().emailConfirmation(to, "Reader " + i, URI.create("https://app.example.com/c/" + i));
            }
            Eventually.until("every mail failed once", () -> server.db().fetchCount(MAIL_QUEUE,
                    MAIL_QUEUE.ATTEMPTS.eq(1).and(MAIL_QUEUE.LEASE_OWNER.isNull())) == count);
        } finally {
            mailServer.start();
        }

        server.clock.advance(Duration.ofMinutes(1)); // the first retry is due for all of them

        for (String to : recipients) mailServer.awaitOne(to);
        Eventually.until("the queue is empty", () -> server.db().fetchCount(MAIL_QUEUE) == 0);
        Eventually.idle(Duration.ofMillis(500)); // several more polls of both workers
        for (String to : recipients) {
            assertThat(mailServer.receivedBy(to)).as(to).hasSize(1);
        }
    }

    @Test
    void a_mail_whose_instance_crashed_mid_send_is_sent_once_its_lease_expires() throws Exception {
        String to = CarafeServer.uniqueEmail("orphan");
        Instant now = server.clock.instant();
        // What a crashed instance leaves behind: a claimed row whose lease still runs (default 5 minutes).
        server.db().insertInto(MAIL_QUEUE)
                .set(MAIL_QUEUE.MESSAGE_ID, "<orphan@carafe.test>")
                .set(MAIL_QUEUE.RECIPIENT, to)
                .set(MAIL_QUEUE.SUBJECT, "Confirm your email address")
                .set(MAIL_QUEUE.TEXT_BODY, "text")
                .set(MAIL_QUEUE.HTML_BODY, "<p>html</p>")
                .set(MAIL_QUEUE.CREATED_AT, now)
                .set(MAIL_QUEUE.DUE_AT, now)
                .set(MAIL_QUEUE.ATTEMPTS, 1)
                .set(MAIL_QUEUE.LEASE_OWNER, "crashed-instance")
                .set(MAIL_QUEUE.LEASE_EXPIRES_AT, now.plus(Duration.ofMinutes(5)))
                .execute();

        Eventually.idle(Duration.ofMillis(500)); // several polls of both workers: the lease holds
        assertThat(mailServer.receivedBy(to)).isEmpty();

        server.clock.advance(Duration.ofMinutes(5));
        assertThat(mailServer.awaitOne(to).getMessageID()).isEqualTo("<orphan@carafe.test>");
        Eventually.until("the sent mail leaves the queue",
                () -> server.db().fetchCount(MAIL_QUEUE, MAIL_QUEUE.RECIPIENT.eq(to)) == 0);
        Eventually.idle(Duration.ofMillis(500));
        assertThat(mailServer.receivedBy(to)).hasSize(1);
    }

    @Test
    void closing_an_instance_stops_its_mail_worker_and_leaves_queued_mail_to_the_other() throws IOException {
        Path dataDir = Files.createTempDirectory(secondDataDir, "third");
        App third = App.create(Config.from(Map.of(
                "CARAFE_HOST", "127.0.0.1", "CARAFE_PORT", "0", "CARAFE_DATA_DIR", dataDir.toString(),
                "CARAFE_DATABASE_URL", server.databaseUrl(), "CARAFE_SMTP_URL", mailServer.smtpUrl())),
                server.clock).start();
        long workers = mailWorkerThreads();

        third.close();

        assertThat(mailWorkerThreads()).isEqualTo(workers - 1);
        String to = CarafeServer.uniqueEmail("after-close");
        server.app().accountMails().passwordReset(to, "Ada", URI.create("https://app.example.com/r/1"));
        mailServer.awaitOne(to);
    }

    private static long mailWorkerThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(thread -> thread.getName().equals("mail-worker") && thread.isAlive()).count();
    }
}
