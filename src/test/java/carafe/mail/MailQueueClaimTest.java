package carafe.mail;

import static carafe.db.schema.Tables.MAIL_QUEUE;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.db.Database;
import carafe.support.MigratedDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lease that keeps two workers (of one instance or several) from sending the same mail. */
class MailQueueClaimTest {
    private static final Duration LEASE = Duration.ofMinutes(5);

    @TempDir
    Path folder;

    private MigratedDatabase migrated;
    private Database database;
    private MailQueueRepository queue;
    private final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);

    @BeforeEach
    void freshDatabase() {
        migrated = MigratedDatabase.create(folder);
        database = migrated.database();
        queue = new MailQueueRepository(database.dsl());
    }

    @AfterEach
    void dropDatabase() {
        migrated.close();
    }

    /** Queues a mail and finds its id by its Message-ID (the queue itself reads nothing back). */
    private long inserted(Mail mail, String messageId, Instant at) {
        queue.insert(mail, messageId, at);
        return database.dsl().select(MAIL_QUEUE.ID).from(MAIL_QUEUE).where(MAIL_QUEUE.MESSAGE_ID.eq(messageId))
                .fetchSingle(MAIL_QUEUE.ID);
    }

    @Test
    void a_claimed_mail_is_not_claimed_again_until_its_lease_expires() {
        long id = inserted(mail("ada@example.com"), "<1@carafe.test>", now);

        var first = queue.claimNext("worker-a", now, LEASE).orElseThrow();
        assertThat(first.id()).isEqualTo(id);
        assertThat(first.attempts()).isEqualTo(1);
        assertThat(first.mail().to()).isEqualTo("ada@example.com");
        assertThat(first.messageId()).isEqualTo("<1@carafe.test>");

        assertThat(queue.claimNext("worker-b", now, LEASE)).isEmpty();
        assertThat(queue.claimNext("worker-b", now.plus(LEASE).minusMillis(1), LEASE)).isEmpty();

        var reclaimed = queue.claimNext("worker-b", now.plus(LEASE), LEASE).orElseThrow();
        assertThat(reclaimed.id()).isEqualTo(id);
        assertThat(reclaimed.attempts()).isEqualTo(2);
        assertThat(leaseOwner(id)).isEqualTo("worker-b");
    }

    @Test
    void a_worker_that_lost_its_lease_cannot_reschedule_or_fail_the_mail() {
        long id = inserted(mail("ada@example.com"), "<1@carafe.test>", now);
        queue.claimNext("slow-worker", now, LEASE).orElseThrow();
        queue.claimNext("worker-b", now.plus(LEASE), LEASE).orElseThrow();

        queue.retryLater(id, "slow-worker", now.plus(Duration.ofHours(1)), "timeout");
        queue.giveUp(id, "slow-worker", now, "timeout");

        var row = database.dsl().selectFrom(MAIL_QUEUE).where(MAIL_QUEUE.ID.eq(id)).fetchOne();
        assertThat(row.getLeaseOwner()).isEqualTo("worker-b");
        assertThat(row.getFailedAt()).isNull();
        assertThat(row.getDueAt()).isEqualTo(now);
    }

    @Test
    void a_retry_waits_until_it_is_due_and_a_failed_mail_is_never_claimed() {
        long id = inserted(mail("ada@example.com"), "<1@carafe.test>", now);
        queue.claimNext("worker-a", now, LEASE).orElseThrow();

        queue.retryLater(id, "worker-a", now.plus(Duration.ofMinutes(1)), "Connection refused");
        assertThat(queue.claimNext("worker-a", now, LEASE)).isEmpty();
        var retry = queue.claimNext("worker-b", now.plus(Duration.ofMinutes(1)), LEASE).orElseThrow();
        assertThat(retry.attempts()).isEqualTo(2);

        queue.giveUp(id, "worker-b", now, "Connection refused");
        assertThat(queue.claimNext("worker-a", now.plus(Duration.ofDays(30)), LEASE)).isEmpty();
        assertThat(database.dsl().fetchCount(MAIL_QUEUE)).isEqualTo(1);
    }

    @Test
    void mail_is_claimed_oldest_due_first() {
        long later = inserted(mail("later@example.com"), "<2@carafe.test>", now.plusSeconds(1));
        long earlier = inserted(mail("earlier@example.com"), "<1@carafe.test>", now);

        Instant then = now.plusSeconds(2);
        assertThat(queue.claimNext("w", then, LEASE).orElseThrow().id()).isEqualTo(earlier);
        assertThat(queue.claimNext("w", then, LEASE).orElseThrow().id()).isEqualTo(later);
    }

    @Test
    void concurrent_workers_claim_each_mail_exactly_once() throws Exception {
        int mails = 150;
        int workers = 6;
        for (int i = 0; i < mails; i++) queue.insert(mail("reader" + i + "@example.com"), "<" + i + "@carafe.test>", now);

        var claimed = Collections.synchronizedList(new ArrayList<Long>());
        try (var pool = Executors.newFixedThreadPool(workers)) {
            var tasks = new ArrayList<Callable<Void>>();
            for (int w = 0; w < workers; w++) {
                String owner = "worker-" + w;
                tasks.add(() -> {
                    while (true) {
                        var next = queue.claimNext(owner, now, LEASE);
                        if (next.isEmpty()) return null;
                        claimed.add(next.get().id());
                    }
                });
            }
            for (Future<Void> result : pool.invokeAll(tasks)) result.get();
        }

        assertThat(claimed).hasSize(mails);
        assertThat(new HashSet<>(claimed)).hasSize(mails);
        assertThat(database.dsl().fetchCount(MAIL_QUEUE, MAIL_QUEUE.LEASE_OWNER.isNull())).isZero();
    }

    private String leaseOwner(long id) {
        return database.dsl().select(MAIL_QUEUE.LEASE_OWNER).from(MAIL_QUEUE).where(MAIL_QUEUE.ID.eq(id)).fetchOne().value1();
    }

    private static Mail mail(String to) {
        return new Mail(to, "Subject", "text", "<p>html</p>");
    }
}
