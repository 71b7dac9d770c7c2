package carafe.throttle;

import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;

/**
 * Where token buckets live, by key. {@link InMemoryBucketStore} keeps them in this process, which is
 * right for one instance; {@link RedisBucketStore} shares them between instances behind a load
 * balancer, where each instance's own memory would allow every limit again. Nothing that calls a
 * {@link RateLimit} knows which.
 */
public interface BucketStore {
    /** The bucket under this key, created full with this configuration the first time the key is seen. */
    Bucket bucket(String key, BucketConfiguration configuration);
}
