package carafe.auth;

import carafe.redis.Redis;
import io.lettuce.core.SetArgs;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Ceremonies in Redis (CARAFE_REDIS_URL): {@code ceremony:<kind>:<browser>}, a string holding the
 * expiry (by the app's clock, checked on reading, as sessions are) and the state; taken with GETDEL,
 * so only one request gets it. The key's TTL only lets Redis drop abandoned ones.
 */
public final class RedisCeremonyStore implements CeremonyStore {
    private final Redis redis;
    private final RedisCommands<String, String> commands;

    public RedisCeremonyStore(Redis redis) {
        this.redis = redis;
        this.commands = redis.text().sync();
    }

    @Override
    public void put(String browser, String kind, String state, Instant now, Duration lifetime) {
        String value = now.plus(lifetime).toEpochMilli() + "|" + state;
        commands.set(key(browser, kind), value, SetArgs.Builder.px(Math.max(1, lifetime.toMillis())));
    }

    @Override
    public Optional<String> take(String browser, String kind, Instant now) {
        String value = commands.getdel(key(browser, kind));
        if (value == null) return Optional.empty();
        int bar = value.indexOf('|');
        if (bar < 0 || Long.parseLong(value.substring(0, bar)) <= now.toEpochMilli()) return Optional.empty();
        return Optional.of(value.substring(bar + 1));
    }

    @Override
    public int deleteExpired(Instant now) {
        return 0;
    }

    private String key(String browser, String kind) {
        return redis.key("ceremony:" + kind + ":" + browser);
    }
}
