package carafe.auth;

import carafe.web.ServiceUnavailable;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Bounds how many password hashes run at once. Each Argon2id hash holds 7 MiB and a core for ~40 ms;
 * without a bound, a flood of logins on virtual threads would allocate without limit and run out of
 * memory. Extra requests wait their turn for a while, then get 503 with Retry-After.
 *
 * <p>The hashes themselves run on a few platform threads of their own, never on the request's virtual
 * thread: a virtual thread that computes for 40 ms keeps its carrier, and there are only as many
 * carriers as cores, so hashing there would stall Jetty's acceptor and selectors and every request
 * waiting for a database reply (connections pile up unaccepted; the pool times out with 500s).
 */
public final class HashingGate {
    private final Semaphore permits;
    private final Duration maxWait;
    private final ThreadPoolExecutor hashers;

    public HashingGate(int concurrency, Duration maxWait) {
        this.permits = new Semaphore(concurrency, true);
        this.maxWait = maxWait;
        this.hashers = new ThreadPoolExecutor(concurrency, concurrency, 30, TimeUnit.SECONDS,
                new LinkedBlockingQueue<>(), Thread.ofPlatform().name("password-hashing-", 1).daemon().factory());
        hashers.allowCoreThreadTimeOut(true);
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
            Future<T> result = hashers.submit(hashing::get);
            return result.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceUnavailable("The server is shutting down.", Duration.ofSeconds(1));
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) throw runtime;
            if (e.getCause() instanceof Error error) throw error;
            throw new IllegalStateException(e.getCause());
        } finally {
            permits.release();
        }
    }
}
