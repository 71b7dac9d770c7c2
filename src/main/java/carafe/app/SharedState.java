package carafe.app;

import carafe.auth.CeremonyStore;
import carafe.auth.DatabaseCeremonyStore;
import carafe.auth.DatabaseSessionStore;
import carafe.auth.RedisCeremonyStore;
import carafe.auth.RedisSessionStore;
import carafe.auth.SessionStore;
import carafe.auth.SessionTimeouts;
import carafe.auth.Sessions;
import carafe.db.Database;
import carafe.idempotency.DatabaseIdempotencyStore;
import carafe.idempotency.IdempotencyKeys;
import carafe.idempotency.RedisIdempotencyStore;
import carafe.redis.Redis;
import carafe.throttle.BucketStore;
import carafe.throttle.InMemoryBucketStore;
import carafe.throttle.RedisBucketStore;
import java.time.Clock;

/**
 * Where the state that several instances must share lives: sessions, passkey ceremonies, rate-limit
 * buckets and idempotency keys. Without CARAFE_REDIS_URL, buckets are in this process (one instance) and
 * the rest in the database; with it, all of them are in Redis. The server and the operator commands
 * choose here, so {@code carafe users deactivate} ends the same sessions a request would see.
 */
final class SharedState {
    // Rate-limit buckets held in memory at most: ~330 bytes each, ~33 MB when full (docs/decisions/0010).
    private static final long MAX_IN_MEMORY_BUCKETS = 100_000;

    private SharedState() {}

    /** Redis when configured, else null. */
    static Redis redis(Config config) {
        return config.redisUrl() == null ? null : Redis.connect(config.redisUrl(), config.redisPrefix());
    }

    static Sessions sessions(Config config, Database database, Redis redis, Clock clock) {
        SessionStore store = redis == null ? new DatabaseSessionStore(database.dsl()) : new RedisSessionStore(redis);
        return new Sessions(store, new SessionTimeouts(config.sessionIdleTimeout(), config.sessionAbsoluteTimeout(),
                config.rememberIdleTimeout(), config.rememberAbsoluteTimeout()), clock);
    }

    /** Ceremonies (passkey challenges) live where sessions do, so any instance can finish one. */
    static CeremonyStore ceremonies(Database database, Redis redis) {
        return redis == null ? new DatabaseCeremonyStore(database.dsl()) : new RedisCeremonyStore(redis);
    }

    static IdempotencyKeys idempotencyKeys(Config config, Database database, Redis redis, Clock clock) {
        var store = redis == null ? new DatabaseIdempotencyStore(database.dsl()) : new RedisIdempotencyStore(redis);
        return new IdempotencyKeys(store, config.idempotencyKeyLifetime(), clock);
    }

    static BucketStore rateLimitBuckets(Redis redis, Clock clock) {
        return redis == null ? new InMemoryBucketStore(clock, MAX_IN_MEMORY_BUCKETS) : new RedisBucketStore(redis, clock);
    }
}
