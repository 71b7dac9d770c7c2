package carafe.mail;

import java.time.Clock;
import java.util.UUID;
import org.jooq.DSLContext;

/**
 * The durable outgoing mail queue. {@link #enqueue} stores the mail in the {@code mail_queue} table
 * and returns: it never talks to the mail server, so a slow or dead server cannot slow or fail the
 * request that caused the mail. A background worker sends it, retries failures with backoff and
 * deletes each row once sent; the bodies hold one-time links (confirmation, password reset), so
 * nothing is kept longer than needed (mail given up stays a while for inspection: {@link FailedMails}).
 * Rows survive restarts and crashes, and instances sharing a PostgreSQL database share the queue
 * without sending a mail twice (docs/decisions/0009-mail-queue-in-the-database.md).
 */
public final class MailQueue implements AutoCloseable {
    private final MailQueueRepository repository;
    private final MailWorker worker;
    private final Clock clock;
    private final String messageIdDomain;

    /** {@code failures} is told of each mail given up (its last attempt failed), e.g. to count it. */
    public MailQueue(DSLContext db, Mailer mailer, MailSettings settings, Clock clock, MailFailureListener failures) {
        this.repository = new MailQueueRepository(db);
        this.worker = new MailWorker(repository, mailer, settings, clock, failures);
        this.clock = clock;
        String from = MailAddresses.sender(settings.from()).getAddress();
        this.messageIdDomain = from.substring(from.lastIndexOf('@') + 1);
    }

    /**
     * Queues a mail and wakes the worker. Call it after the transaction that made the mail necessary has
     * committed, not inside it: the row is written through its own connection, and on SQLite a second
     * writer waits for the first.
     *
     * @throws org.jooq.exception.DataAccessException only when the database cannot take the row
     */
    public void enqueue(Mail mail) {
        repository.insert(mail, "<" + UUID.randomUUID() + "@" + messageIdDomain + ">", clock.instant());
        worker.wake();
    }

    /** Starts the background worker. */
    public void start() {
        worker.start();
    }

    /** Stops the worker; queued mail stays in the table for the next start or another instance. */
    @Override
    public void close() {
        worker.stop();
    }
}
