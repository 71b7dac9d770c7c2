package carafe.app;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what has expired (sessions, one-time links, API tokens a month past expiry, remembered
 * devices, passkey ceremonies, idempotency keys, mail given up longer ago than
 * CARAFE_MAIL_FAILED_RETENTION) in the background every ten minutes, never on a request's path;
 * {@code carafe sessions purge} does the same on demand for sessions, links, API tokens and keys.
 */
final class Janitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Janitor.class);
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Duration FIRST_RUN = Duration.ofSeconds(5);

    private final Services services;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("session-janitor").daemon().factory());

    Janitor(Services services) {
        this.services = services;
    }

    void start() {
        schedule.scheduleWithFixedDelay(this::purgeExpired, FIRST_RUN.toSeconds(), INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    /** One run: each kind on its own, so one failing (Redis down) does not stop the others. */
    void purgeExpired() {
        purge("expired sessions", () -> services.sessions().purgeExpired());
        purge("expired one-time links", () -> services.oneTimeTokens().purgeExpired());
        purge("API tokens expired for over a month", () -> services.apiTokens().purgeExpired());
        purge("expired remembered devices", () -> services.secondFactors().devices().purgeExpired());
        purge("expired ceremonies", () -> services.ceremonies().purgeExpired());
        purge("expired idempotency keys", () -> services.idempotencyKeys().purgeExpired());
        purge("failed mails past their retention", () -> services.failedMails().purgeExpired());
    }

    private static void purge(String what, IntSupplier purge) {
        try {
            int removed = purge.getAsInt();
            if (removed > 0) log.info("Removed {} {}", removed, what);
        } catch (RuntimeException e) {
            log.warn("Could not remove {}; will retry", what, e);
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
