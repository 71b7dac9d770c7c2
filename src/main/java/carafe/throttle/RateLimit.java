package carafe.throttle;

import io.github.bucket4j.BucketConfiguration;
import java.time.Duration;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One limit applied per subject (an account, a client address), e.g. "5 failed sign-ins per account
 * per 15 minutes". Each subject has its own bucket in the {@link BucketStore}, under the limit's name.
 * A take that finds the bucket empty is a refused request (429): it is told to {@link Refusals} here,
 * once for every limit and every caller, API or page.
 */
public final class RateLimit {
    /** Names are fixed words in the code, never input: they become a metric's label values. */
    private static final Pattern NAME = Pattern.compile("[a-z][a-z_]{0,39}");

    private final String name;
    private final BucketConfiguration configuration;
    private final BucketStore store;
    private final Runnable refused;

    public RateLimit(String name, Limit limit, BucketStore store, Refusals refusals) {
        if (!NAME.matcher(name).matches()) throw new IllegalArgumentException("not a limit's name: " + name);
        this.name = name;
        // Greedy refill: tokens come back one at a time, evenly over the period, rather than all at
        // once at its end; the long-run rate is the same and a locked-out person waits less.
        this.configuration = BucketConfiguration.builder()
                .addLimit(bandwidth -> bandwidth.capacity(limit.count()).refillGreedy(limit.count(), limit.period()))
                .build();
        this.store = store;
        this.refused = refusals.counterFor(name);
    }

    /**
     * Takes one token for the subject: empty if it had one, else how long until one is back, and the
     * caller refuses the request.
     */
    public Optional<Duration> tryTake(String subject) {
        var probe = store.bucket(key(subject), configuration).tryConsumeAndReturnRemaining(1);
        if (probe.isConsumed()) return Optional.empty();
        refused.run();
        return Optional.of(Duration.ofNanos(probe.getNanosToWaitForRefill()));
    }

    /** Returns a token taken for an attempt that turned out not to count (never above the limit). */
    public void giveBack(String subject) {
        store.bucket(key(subject), configuration).addTokens(1);
    }

    /** Refills the subject's bucket, e.g. an account's failed sign-ins after a successful one. */
    public void reset(String subject) {
        store.bucket(key(subject), configuration).reset();
    }

    private String key(String subject) {
        return name + ":" + subject;
    }
}
