package carafe.throttle;

import java.time.Duration;

/**
 * How many times something may happen per period, e.g. 5 per 15 minutes: a token bucket that holds
 * {@code count} tokens and refills them evenly over {@code period}.
 */
public record Limit(int count, Duration period) {
    public static final int MAX_COUNT = 1_000_000;
    public static final Duration MAX_PERIOD = Duration.ofDays(30);

    public Limit {
        if (count < 1 || count > MAX_COUNT) throw new IllegalArgumentException("count must be 1 to " + MAX_COUNT);
        if (period.isNegative() || period.isZero() || period.compareTo(MAX_PERIOD) > 0) {
            throw new IllegalArgumentException("period must be positive and at most " + MAX_PERIOD.toDays() + " days");
        }
    }

    public static Limit of(int count, Duration period) {
        return new Limit(count, period);
    }

    @Override
    public String toString() {
        return count + " per " + period;
    }
}
