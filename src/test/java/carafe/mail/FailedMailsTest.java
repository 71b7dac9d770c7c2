package carafe.mail;

import static carafe.db.schema.Tables.MAIL_QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.MigratedDatabase;
import carafe.support.MutableClock;
import carafe.support.TestDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Mail given up is kept for the retention, then purged; mail still to be sent never is. */
class FailedMailsTest {
    private static final Duration RETENTION = Duration.ofDays(30);
    private static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    Path folder;

    private final MutableClock clock = new MutableClock();
    private MigratedDatabase migrated;
    private DSLContext db;
    private MailQueueRepository queue;
    private FailedMails failedMails;

    @BeforeEach
    void freshDatabase() {
        migrated = MigratedDatabase.create(folder);
        db = migrated.dsl();
        queue = new MailQueueRepository(db);
        failedMails = new FailedMails(db, RETENTION, clock);
    }

    @AfterEach
    void dropDatabase() {
        migrated.close();
    }

    @Test
    void mail_given_up_longer_ago_than_the_retention_is_purged_and_newer_failed_mail_kept() {
        givenUp("old@example.com");
        clock.advance(Duration.ofDays(10));
        givenUp("newer@example.com");
        clock.advance(RETENTION.minusDays(10));
        assertThat(failedMails.purgeExpired()).isZero(); // exactly the retention ago is not older than it
        assertThat(failedMails.count()).isEqualTo(2);

        clock.advance(Duration.ofMillis(1));

        assertThat(failedMails.purgeExpired()).isEqualTo(1);
        assertThat(recipients()).containsExactly("newer@example.com");
        assertThat(failedMails.count()).isEqualTo(1);
    }

    @Test
    void mail_not_given_up_is_never_purged_however_old() {
        queue.insert(mail("never-tried@example.com"), "<1@carafe.test>", clock.instant());
        queue.insert(mail("retrying@example.com"), "<2@carafe.test>", clock.instant());
        var retrying = queue.claimNext("worker", clock.instant(), LEASE).orElseThrow();
        queue.retryLater(retrying.id(), "worker", clock.instant().plus(Duration.ofDays(500)), "Connection refused");
        queue.insert(mail("being-sent@example.com"), "<3@carafe.test>", clock.instant());
        queue.claimNext("slow-worker", clock.instant(), Duration.ofDays(500)).orElseThrow();

        clock.advance(Duration.ofDays(400));

        assertThat(failedMails.purgeExpired()).isZero();
        assertThat(failedMails.count()).isZero();
        assertThat(recipients()).containsExactlyInAnyOrder("never-tried@example.com", "retrying@example.com",
                "being-sent@example.com");
    }

    @Test
    void a_flood_of_failed_mail_is_purged_in_batches_until_none_is_left() {
        Instant failedAt = clock.instant();
        var insert = db.insertInto(MAIL_QUEUE, MAIL_QUEUE.MESSAGE_ID, MAIL_QUEUE.RECIPIENT, MAIL_QUEUE.SUBJECT,
                MAIL_QUEUE.TEXT_BODY, MAIL_QUEUE.HTML_BODY, MAIL_QUEUE.CREATED_AT, MAIL_QUEUE.DUE_AT,
                MAIL_QUEUE.ATTEMPTS, MAIL_QUEUE.FAILED_AT);
        int flood = 2 * FailedMails.BATCH + 1;
        for (int i = 0; i < flood; i++) {
            insert = insert.values("<" + i + "@carafe.test>", "bot" + i + "@example.com", "Confirm", "text", "html",
                    failedAt, failedAt, 10, failedAt.plusMillis(i % 7));
        }
        insert.execute();
        clock.advance(RETENTION.plusDays(1));

        assertThat(failedMails.purgeExpired()).isEqualTo(flood);
        assertThat(failedMails.count()).isZero();
    }

    @Test
    void the_purge_and_the_count_read_the_failed_at_index_not_the_table() {
        String purge = plan(queue.deleteFailedBeforeQuery(clock.instant(), FailedMails.BATCH));
        String count = plan(queue.countFailedQuery());

        if (TestDatabase.isPostgres()) {
            // e.g. "Bitmap Index Scan on mail_queue_failed_at", "Index Only Scan using mail_queue_failed_at"
            assertThat(purge).containsPattern("Index.* Scan (on|using) mail_queue_failed_at").doesNotContain("Seq Scan");
            assertThat(count).containsPattern("Index.* Scan (on|using) mail_queue_failed_at").doesNotContain("Seq Scan");
        } else {
            assertThat(purge).contains("SEARCH mail_queue USING COVERING INDEX mail_queue_failed_at (failed_at<?)")
                    .contains("SEARCH mail_queue USING INTEGER PRIMARY KEY (rowid=?)")
                    .doesNotContain("SCAN mail_queue\n");
            assertThat(count).contains("mail_queue USING COVERING INDEX mail_queue_failed_at").doesNotContain("SCAN mail_queue\n");
        }
    }

    /**
     * The database's plan for {@code query}, one line per step. PostgreSQL reads a table this small whole
     * rather than through an index, so it is told to avoid whole-table reads here: the question is whether
     * the index serves the statement, not what is cheapest for a handful of rows.
     */
    private String plan(Query query) {
        String explain = (TestDatabase.isPostgres() ? "explain " : "explain query plan ") + db.renderInlined(query);
        var plan = new StringBuilder();
        db.transaction(tx -> {
            if (TestDatabase.isPostgres()) tx.dsl().execute("set local enable_seqscan = off");
            for (var step : tx.dsl().fetch(explain)) plan.append(step.get(step.size() - 1)).append('\n');
        });
        return plan.toString();
    }

    private void givenUp(String to) {
        queue.insert(mail(to), "<" + to + ">", clock.instant());
        var claimed = queue.claimNext("worker", clock.instant(), LEASE).orElseThrow();
        assertThat(queue.giveUp(claimed.id(), "worker", clock.instant(), "Connection refused")).isTrue();
    }

    private java.util.List<String> recipients() {
        return db.select(MAIL_QUEUE.RECIPIENT).from(MAIL_QUEUE).fetch(MAIL_QUEUE.RECIPIENT);
    }

    private static Mail mail(String to) {
        return new Mail(to, "Confirm your address", "text", "<p>html</p>");
    }
}
