import carafe.auth.PasswordHasher;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The yardstick for bench/run's login workload: what Carafe's password check costs on its own, with
 * the parameters Carafe uses (carafe.auth.PasswordHasher), so the report can say how much of a login
 * is the hash and how much everything around it adds.
 *
 * <p>{@code java -cp target/carafe.jar bench/HashCost.java THREADS SECONDS} prints one line:
 * {@code HASH single_ms=<median ms of one check on one thread> per_second=<checks per second with
 * THREADS threads at once> threads=THREADS parameters=<Argon2id's, e.g. m=7168,t=5,p=1>}. THREADS should be CARAFE_PASSWORD_HASH_CONCURRENCY's
 * value (the number of cores by default): logins can never run more hashes at once than that.
 */
class HashCost {
    private static final String PASSWORD = "bench-yardstick-password-7d1e";

    public static void main(String[] args) throws InterruptedException {
        int threads = Integer.parseInt(args[0]);
        long seconds = Long.parseLong(args[1]);
        var hasher = new PasswordHasher();
        String stored = hasher.hash(PASSWORD);
        for (int i = 0; i < 20; i++) check(hasher, stored); // let the JIT compile Argon2 first

        long[] nanos = new long[30];
        for (int i = 0; i < nanos.length; i++) {
            long started = System.nanoTime();
            check(hasher, stored);
            nanos[i] = System.nanoTime() - started;
        }
        Arrays.sort(nanos);
        double singleMs = nanos[nanos.length / 2] / 1e6;

        var checks = new AtomicLong();
        var finished = new CountDownLatch(threads);
        long started = System.nanoTime();
        long deadline = started + seconds * 1_000_000_000L;
        for (int t = 0; t < threads; t++) {
            Thread.ofPlatform().start(() -> {
                while (System.nanoTime() < deadline) {
                    check(hasher, stored);
                    checks.incrementAndGet();
                }
                finished.countDown();
            });
        }
        finished.await();
        double perSecond = checks.get() / ((System.nanoTime() - started) / 1e9);
        String parameters = stored.split("\\$")[3]; // $argon2id$v=19$m=7168,t=5,p=1$salt$hash
        System.out.printf(java.util.Locale.ROOT, "HASH single_ms=%.1f per_second=%.1f threads=%d parameters=%s%n", singleMs,
                perSecond, threads, parameters);
    }

    private static void check(PasswordHasher hasher, String stored) {
        if (!hasher.verify(PASSWORD, stored).matches()) throw new IllegalStateException("the password did not match");
    }
}
