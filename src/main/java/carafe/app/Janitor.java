package carafe.app;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Deletes what has expired (every {@link Cleanup}: sessions, one-time links, API tokens a month past
 * expiry, remembered devices, ceremonies, idempotency keys, mail given up longer ago than
 * CARAFE_MAIL_FAILED_RETENTION) in the background every ten minutes, never on a request's path;
 * {@code carafe sessions purge} does the same on demand.
 */
final class Janitor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Janitor.class);
    private static final Duration INTERVAL = Duration.ofMinutes(10);
    private static final Duration FIRST_RUN = Duration.ofSeconds(5);

    private final List<Cleanup> cleanups;
    private final ScheduledExecutorService schedule = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("session-janitor").daemon().factory());

    Janitor(Services services) {
        this.cleanups = Cleanup.of(services);
    }

    void start() {
        schedule.scheduleWithFixedDelay(this::purgeExpired, FIRST_RUN.toSeconds(), INTERVAL.toSeconds(), TimeUnit.SECONDS);
    }

    /** One run: each kind on its own, so one failing (Redis down) does not stop the others. */
    void purgeExpired() {
        for (Cleanup cleanup : cleanups) {
            try {
                int removed = cleanup.run().getAsInt();
                if (removed > 0) log.info("Removed {} {}", removed, cleanup.what());
            } catch (RuntimeException e) {
                // Stopped mid-run (the server is shutting down): the next start's janitor does the rest.
                if (Thread.currentThread().isInterrupted()) return;
                log.warn("Could not remove {}; will retry", cleanup.what(), e);
            }
        }
    }

    @Override
    public void close() {
        schedule.shutdownNow();
    }
}
