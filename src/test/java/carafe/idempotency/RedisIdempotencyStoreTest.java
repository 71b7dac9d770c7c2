package carafe.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The idempotency store contract against Redis, plus what only Redis does: dropping a key by its own TTL. */
class RedisIdempotencyStoreTest extends IdempotencyStoreContract {
    private TestRedis redis;
    private RedisIdempotencyStore store;

    @BeforeAll
    void connect() {
        redis = TestRedis.create();
        store = new RedisIdempotencyStore(redis.redis());
    }

    @AfterAll
    void close() {
        if (redis != null) redis.close();
    }

    @Override
    protected IdempotencyStore store() {
        return store;
    }

    @Test
    void redis_drops_a_key_by_itself_at_the_end_of_its_lifetime() {
        long user = newUser();
        String key = newKey();
        claim(user, key, "request", now);

        long ttl = redis.redis().text().sync().pttl(redis.prefix() + "idempotency:" + user + ":" + key);

        assertThat(ttl).isBetween(LIFETIME.minus(Duration.ofMinutes(1)).toMillis(), LIFETIME.toMillis());
        assertThat(store.deleteExpired(now.plus(LIFETIME))).isZero();
    }
}
