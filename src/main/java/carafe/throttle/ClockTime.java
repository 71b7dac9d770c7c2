package carafe.throttle;

import io.github.bucket4j.TimeMeter;
import java.time.Clock;
import java.time.Instant;

/**
 * The app's clock in nanoseconds since the epoch, as Bucket4j (and Caffeine) read time, so tests that
 * move the clock move refills and expiry too. Wall-clock based: buckets in Redis are shared by
 * several instances, whose clocks agree only as wall clocks.
 */
record ClockTime(Clock clock) implements TimeMeter {
    @Override
    public long currentTimeNanos() {
        Instant now = clock.instant();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    @Override
    public boolean isWallClockBased() {
        return true;
    }
}
