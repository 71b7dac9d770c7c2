package carafe.mail;

import static carafe.db.schema.Tables.MAIL_QUEUE;
import static org.jooq.impl.DSL.select;

import carafe.db.schema.tables.records.MailQueueRecord;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Query;
import org.jooq.Record1;
import org.jooq.ResultQuery;

/**
 * The {@code mail_queue} table. A worker owns a row while its lease lasts: claiming is one conditional
 * UPDATE (the row must be unleased or its lease expired), so of several workers, on one instance or
 * many sharing PostgreSQL, exactly one wins each row; SQLite runs writes one at a time, PostgreSQL
 * re-checks the condition on the locked row before updating it.
 */
final class MailQueueRepository {
    /** Rows looked at per claim; more than one, so a worker that loses a race tries the next. */
    private static final int CANDIDATES = 8;
    private static final int MAX_ROUNDS = 10;

    private final DSLContext db;

    MailQueueRepository(DSLContext db) {
        this.db = db;
    }

    /**
     * Adds a row, due now. Nothing is read back: on SQLite jOOQ reads an inserted row back with a second
     * statement, and a worker may have sent and deleted the mail in between (ConcurrentRegistrationTest
     * saw that as a 500 on sign-up).
     */
    void insert(Mail mail, String messageId, Instant now) {
        db.insertInto(MAIL_QUEUE)
                .set(MAIL_QUEUE.MESSAGE_ID, messageId)
                .set(MAIL_QUEUE.RECIPIENT, mail.to())
                .set(MAIL_QUEUE.SUBJECT, mail.subject())
                .set(MAIL_QUEUE.TEXT_BODY, mail.text())
                .set(MAIL_QUEUE.HTML_BODY, mail.html())
                .set(MAIL_QUEUE.CREATED_AT, now)
                .set(MAIL_QUEUE.DUE_AT, now)
                .set(MAIL_QUEUE.ATTEMPTS, 0)
                .execute();
    }

    /**
     * Takes the mail due first that nobody holds, for {@code lease}, counting one more attempt; empty
     * when nothing is due. The attempt is counted at claim time, so a mail that crashes its instance
     * mid-send still runs out of attempts.
     */
    Optional<QueuedMail> claimNext(String owner, Instant now, Duration lease) {
        for (int round = 0; round < MAX_ROUNDS; round++) {
            List<Long> candidates = db.select(MAIL_QUEUE.ID).from(MAIL_QUEUE)
                    .where(claimable(now))
                    .orderBy(MAIL_QUEUE.DUE_AT, MAIL_QUEUE.ID)
                    .limit(CANDIDATES)
                    .fetch(MAIL_QUEUE.ID);
            if (candidates.isEmpty()) return Optional.empty();
            for (long id : candidates) {
                Optional<QueuedMail> claimed = db.update(MAIL_QUEUE)
                        .set(MAIL_QUEUE.LEASE_OWNER, owner)
                        .set(MAIL_QUEUE.LEASE_EXPIRES_AT, now.plus(lease))
                        .set(MAIL_QUEUE.ATTEMPTS, MAIL_QUEUE.ATTEMPTS.plus(1))
                        .where(MAIL_QUEUE.ID.eq(id).and(claimable(now)))
                        .returning()
                        .fetchOptional(MailQueueRepository::toQueuedMail);
                if (claimed.isPresent()) return claimed;
            }
            // Other workers took every candidate between the SELECT and the UPDATE: look again.
        }
        return Optional.empty();
    }

    /** Sent: the row goes at once, because its bodies hold one-time links. */
    void delete(long id) {
        db.deleteFrom(MAIL_QUEUE).where(MAIL_QUEUE.ID.eq(id)).execute();
    }

    /** Not sent: free the row for another try at {@code dueAt}, if this worker still holds it. */
    void retryLater(long id, String owner, Instant dueAt, String error) {
        db.update(MAIL_QUEUE)
                .set(MAIL_QUEUE.DUE_AT, dueAt)
                .set(MAIL_QUEUE.LEASE_OWNER, (String) null)
                .set(MAIL_QUEUE.LEASE_EXPIRES_AT, (Instant) null)
                .set(MAIL_QUEUE.LAST_ERROR, error)
                .where(MAIL_QUEUE.ID.eq(id), MAIL_QUEUE.LEASE_OWNER.eq(owner))
                .execute();
    }

    /**
     * Out of attempts: the row stays, marked failed, and is never claimed again; false when this worker no
     * longer holds it (its lease ran out and another worker took the mail over).
     */
    boolean giveUp(long id, String owner, Instant now, String error) {
        return db.update(MAIL_QUEUE)
                .set(MAIL_QUEUE.FAILED_AT, now)
                .set(MAIL_QUEUE.LEASE_OWNER, (String) null)
                .set(MAIL_QUEUE.LEASE_EXPIRES_AT, (Instant) null)
                .set(MAIL_QUEUE.LAST_ERROR, error)
                .where(MAIL_QUEUE.ID.eq(id), MAIL_QUEUE.LEASE_OWNER.eq(owner))
                .execute() > 0;
    }

    /** Deletes up to {@code limit} rows that failed before {@code cutoff}, oldest first. */
    int deleteFailedBefore(Instant cutoff, int limit) {
        return deleteFailedBeforeQuery(cutoff, limit).execute();
    }

    /**
     * The statement of {@link #deleteFailedBefore}, for the test of its plan. PostgreSQL has no DELETE ...
     * LIMIT, hence the ids from a subquery; both databases read them from the partial index
     * {@code mail_queue_failed_at} (V11) in order and stop at the limit.
     */
    Query deleteFailedBeforeQuery(Instant cutoff, int limit) {
        return db.deleteFrom(MAIL_QUEUE)
                .where(MAIL_QUEUE.ID.in(select(MAIL_QUEUE.ID).from(MAIL_QUEUE)
                        .where(MAIL_QUEUE.FAILED_AT.lt(cutoff))
                        .orderBy(MAIL_QUEUE.FAILED_AT)
                        .limit(limit)));
    }

    /** Rows given up and not yet purged. */
    long countFailed() {
        return countFailedQuery().fetchSingle().value1();
    }

    /** The statement of {@link #countFailed}, for the test of its plan: it reads the same index alone. */
    ResultQuery<Record1<Integer>> countFailedQuery() {
        return db.selectCount().from(MAIL_QUEUE).where(MAIL_QUEUE.FAILED_AT.isNotNull());
    }

    private static Condition claimable(Instant now) {
        return MAIL_QUEUE.FAILED_AT.isNull()
                .and(MAIL_QUEUE.DUE_AT.le(now))
                .and(MAIL_QUEUE.LEASE_EXPIRES_AT.isNull().or(MAIL_QUEUE.LEASE_EXPIRES_AT.le(now)));
    }

    private static QueuedMail toQueuedMail(MailQueueRecord r) {
        return new QueuedMail(r.getId(), r.getMessageId(), r.getRecipient(), r.getSubject(), r.getTextBody(),
                r.getHtmlBody(), r.getAttempts());
    }
}
