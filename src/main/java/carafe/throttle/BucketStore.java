package carafe.throttle;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/**
 * Where token buckets live, by key. {@link InMemoryBucketStore} keeps them in this process, which is
 * right for one instance. Several instances behind a load balancer need one shared store, or each
 * would allow the limit again: implement this with a Bucket4j proxy manager over Redis (e.g.
 * {@code Bucket4jLettuce.casBasedBuilder(redis)} with the same client clock and an
 * {@code ExpirationAfterWriteStrategy}, keys prefixed per deployment) and hand it to the app
 * factory; nothing that calls a {@link RateLimit} changes.
 */
public interface BucketStore {
    /** The bucket under this key, created full with this configuration the first time the key is seen. */
    Bucket bucket(String key, BucketConfiguration configuration);
}
