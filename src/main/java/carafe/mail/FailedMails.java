package carafe.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jooq.DSLContext;

/**
 * Mail the queue gave up on. Its row stays in {@code mail_queue}, marked failed, so an operator can see
 * what was not delivered and why (recipient, subject, last error), until it is older than the retention
 * ({@code CARAFE_MAIL_FAILED_RETENTION}); then the janitor deletes it. Sent mail needs no purge: its row
 * is deleted the moment the server takes the mail.
 */
public final class FailedMails {
    /**
     * Rows per DELETE. Each statement holds SQLite's one write lock (PostgreSQL: its rows' locks) for a
     * few milliseconds, so after a flood of failures the requests' writes still get in between batches.
     */
    static final int BATCH = 500;

    private final MailQueueRepository repository;
    private final Duration retention;
    private final Clock clock;

    public FailedMails(DSLContext db, Duration retention, Clock clock) {
        this.repository = new MailQueueRepository(db);
        this.retention = retention;
        this.clock = clock;
    }

    /** Deletes the mail given up longer ago than the retention, a batch at a time; returns how many. */
    public int purgeExpired() {
        Instant cutoff = clock.instant().minus(retention);
        int removed = 0;
        int batch;
        do {
            batch = repository.deleteFailedBefore(cutoff, BATCH);
            removed += batch;
        } while (batch == BATCH);
        return removed;
    }

    /** Mail given up and still kept, whatever its age (the janitor may not have run yet). */
    public long count() {
        return repository.countFailed();
    }
}
