package carafe.throttle;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.caffeine.Bucket4jCaffeine;
import io.github.bucket4j.caffeine.CaffeineProxyManager;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import java.time.Clock;
import java.time.Duration;

/**
 * Buckets in this process, in a Caffeine cache that is bounded twice: a bucket is dropped as soon as
 * it has refilled (a full bucket is the same as no bucket, so nothing is lost), and the cache never
 * holds more than {@code maxBuckets}, so a client that sprays made-up emails cannot grow memory
 * without bound. When the bound is reached Caffeine evicts the buckets it judges least likely to be
 * used again (W-TinyLFU); an often-hit bucket, such as one under attack, outlives one-off keys.
 *
 * <p>Time comes from the app's {@link Clock}, both for refilling and for expiry, so tests move it.
 */
public final class InMemoryBucketStore implements BucketStore {
    private final CaffeineProxyManager<String> buckets;

    public InMemoryBucketStore(Clock clock, long maxBuckets) {
        TimeMeter time = new ClockTime(clock);
        this.buckets = Bucket4jCaffeine.<String>builderFor(Caffeine.newBuilder()
                        .maximumSize(maxBuckets)
                        .ticker(time::currentTimeNanos)
                        // Upkeep (expiry, eviction) on the caller's thread: a few map operations.
                        .executor(Runnable::run))
                .clientClock(time)
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                .build();
    }

    @Override
    public Bucket bucket(String key, BucketConfiguration configuration) {
        return buckets.builder().build(key, () -> configuration);
    }

    /** How many buckets are held now, after dropping the refilled ones. */
    public long size() {
        buckets.getCache().cleanUp();
        return buckets.getCache().estimatedSize();
    }
}
