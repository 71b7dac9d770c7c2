package carafe.auth;

import carafe.web.ServiceUnavailable;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds how many password hashes run at once. Each Argon2id hash holds 19 MiB and a core for ~40 ms;
 * without a bound, a flood of logins on virtual threads would allocate without limit and run out of
 * memory. Extra requests wait their turn for a while, then get 503 with Retry-After.
 */
public final class HashingGate {
    private final Semaphore permits;
    private final Duration maxWait;

    public HashingGate(int concurrency, Duration maxWait) {
        this.permits = new Semaphore(concurrency, true);
        this.maxWait = maxWait;
    }

    public <T> T run(Supplier<T> hashing) {
        boolean acquired;
        try {
            acquired = permits.tryAcquire(maxWait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailable("The server is shutting down.", Duration.ofSeconds(1));
        }
        if (!acquired) {
            throw new ServiceUnavailable("Too many sign-ins at once; try again in a moment.", Duration.ofSeconds(1));
        }
        try {
            return hashing.get();
        } finally {
            permits.release();
        }
    }
}
