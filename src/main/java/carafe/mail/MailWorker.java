package carafe.mail;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The background thread that sends queued mail: woken by each new mail and every poll interval (for
 * mail queued by another instance, retries coming due and leases of crashed instances running out), it
 * claims due rows one at a time and sends them. A failure is retried with exponential backoff until the
 * attempts run out. Times come from the injected clock; only the waiting between rounds is real time.
 */
final class MailWorker {
    private static final Logger log = LoggerFactory.getLogger(MailWorker.class);
    private static final Duration MAX_BACKOFF = Duration.ofHours(1);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final MailQueueRepository repository;
    private final Mailer mailer;
    private final MailSettings settings;
    private final Clock clock;
    private final MailFailureListener failures;
    /** Names this worker's leases; random, so instances sharing a database never mistake each other's. */
    private final String owner = UUID.randomUUID().toString();
    private final Semaphore wakeups = new Semaphore(0);
    private final Thread thread;
    private volatile boolean running = true;

    MailWorker(MailQueueRepository repository, Mailer mailer, MailSettings settings, Clock clock,
               MailFailureListener failures) {
        this.repository = repository;
        this.mailer = mailer;
        this.settings = settings;
        this.clock = clock;
        this.failures = failures;
        this.thread = Thread.ofPlatform().name("mail-worker").daemon().unstarted(this::run);
    }

    void start() {
        thread.start();
        log.info("Mail goes to {}", mailer);
    }

    /** Makes the worker look for due mail now instead of at the next poll. */
    void wake() {
        wakeups.release();
    }

    /**
     * Stops after the mail being sent, if any (bounded: a stalled server cannot hold shutdown). A mail
     * cut off here keeps its lease and is sent again once the lease expires.
     */
    void stop() {
        running = false;
        wakeups.release();
        if (!thread.isAlive()) return;
        try {
            thread.join(STOP_WAIT);
            if (thread.isAlive()) {
                thread.interrupt();
                log.warn("The mail worker was still sending after {}; that mail is retried once its lease expires",
                        STOP_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        while (running) {
            sendDueMail();
            try {
                wakeups.tryAcquire(settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
                wakeups.drainPermits();
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private void sendDueMail() {
        try {
            while (running) {
                Optional<QueuedMail> next = repository.claimNext(owner, clock.instant(), settings.lease());
                if (next.isEmpty()) return;
                deliver(next.get());
            }
        } catch (RuntimeException e) {
            // The database is unreachable or busy. Nothing is lost: the rows wait for the next round.
            if (running) log.warn("Could not work through the mail queue; trying again in {}", settings.pollInterval(), e);
        }
    }

    private void deliver(QueuedMail queued) {
        try {
            mailer.send(queued.mail(), queued.messageId());
        } catch (MailFailure | RuntimeException e) {
            failed(queued, e);
            return;
        }
        repository.delete(queued.id());
    }

    /** Logged without the bodies: they hold one-time links. */
    private void failed(QueuedMail queued, Exception failure) {
        Instant now = clock.instant();
        String error = Failures.describe(failure);
        String subject = Failures.oneLine(queued.subject());
        if (queued.attempts() >= settings.maxAttempts()) {
            // Counted once, by the worker that marked the row; one whose lease ran out leaves it to the next.
            if (!repository.giveUp(queued.id(), owner, now, error)) return; // another worker has it now
            failures.gaveUp();
            log.error("Gave up on mail {} (\"{}\") after {} attempts; it stays in mail_queue marked failed for "
                    + "CARAFE_MAIL_FAILED_RETENTION: {}", queued.id(), subject, queued.attempts(), error);
        } else {
            Instant retryAt = now.plus(backoff(settings.retryDelay(), queued.attempts()));
            repository.retryLater(queued.id(), owner, retryAt, error);
            log.warn("Could not send mail {} (\"{}\"), attempt {} of {}; trying again at {}: {}",
                    queued.id(), subject, queued.attempts(), settings.maxAttempts(), retryAt, error);
        }
    }

    /** {@code first}, doubled for each attempt after the first, at most an hour (or {@code first} if longer). */
    static Duration backoff(Duration first, int attempt) {
        Duration cap = first.compareTo(MAX_BACKOFF) > 0 ? first : MAX_BACKOFF;
        Duration delay = first;
        for (int i = 1; i < attempt && delay.compareTo(cap) < 0; i++) delay = delay.multipliedBy(2);
        return delay.compareTo(cap) > 0 ? cap : delay;
    }
}
