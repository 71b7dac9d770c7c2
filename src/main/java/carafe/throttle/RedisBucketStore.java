package carafe.throttle;

import carafe.redis.Redis;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.bucket4j.redis.lettuce.cas.LettuceBasedProxyManager;
import java.time.Clock;
import java.time.Duration;

/**
 * Buckets in Redis, shared by every instance, so "5 failed sign-ins per account" means five in all,
 * whichever instances served them. Bucket4j updates a bucket by compare-and-swap, so two instances
 * taking a token at once cannot both get the last one. A bucket's key expires once it would have
 * refilled (a full bucket is the same as none), so Redis holds only buckets in use.
 */
public final class RedisBucketStore implements BucketStore {
    /** Kept a little past the refill, so a key never vanishes while an instance is still updating it. */
    private static final Duration EXPIRY_MARGIN = Duration.ofSeconds(10);

    private final LettuceBasedProxyManager<String> buckets;
    private final Redis redis;

    public RedisBucketStore(Redis redis, Clock clock) {
        this.redis = redis;
        this.buckets = Bucket4jLettuce.casBasedBuilder(redis.bytes())
                .clientClock(new ClockTime(clock))
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(EXPIRY_MARGIN))
                .build();
    }

    @Override
    public Bucket bucket(String key, BucketConfiguration configuration) {
        return buckets.builder().build(redis.key("bucket:" + key), () -> configuration);
    }
}
