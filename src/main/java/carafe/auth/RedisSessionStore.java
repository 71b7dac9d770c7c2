package carafe.auth;

import carafe.redis.Redis;
import io.lettuce.core.Range;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Sessions in Redis, shared by every instance (CARAFE_REDIS_URL). Three kinds of keys:
 * <ul>
 *   <li>{@code session:<hash>}: a hash with the session's fields, expiring with its idle timeout, so
 *       Redis drops abandoned sessions by itself;</li>
 *   <li>{@code user-sessions:<userId>}: the user's session hashes scored by idle expiry, so "sign out
 *       everywhere", the session list and deactivation find them without scanning the keyspace;</li>
 *   <li>{@code sessions}: every session scored by idle expiry, for the active count and the janitor.</li>
 * </ul>
 * Writes that touch several keys run as one Lua script, so no reader sees half of one. TTLs are set
 * relative to the app's clock, never as Redis timestamps, so clock skew between an instance and Redis
 * moves no expiry. A session's absolute expiry is never later than its idle one ({@link Sessions}), so
 * the idle expiry is when it ends. Runs on a single Redis server (or a primary with replicas); the
 * scripts name keys they compute, which Redis Cluster would refuse.
 */
public final class RedisSessionStore implements SessionStore {
    // KEYS: session, user index, all sessions. ARGV: hash, score (idle expiry, ms), ttl (ms), field/value pairs.
    private static final String SAVE = """
            redis.call('HSET', KEYS[1], unpack(ARGV, 4))
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('ZADD', KEYS[2], ARGV[2], ARGV[1])
            if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
            redis.call('ZADD', KEYS[3], ARGV[2], ARGV[1])
            return 1
            """;
    // Same keys; ARGV: hash, score, ttl, last seen, idle expiry. A session deleted meanwhile stays deleted.
    private static final String TOUCH = """
            if redis.call('EXISTS', KEYS[1]) == 0 then return 0 end
            redis.call('HSET', KEYS[1], 'lastSeenAt', ARGV[4], 'idleExpiresAt', ARGV[5])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            redis.call('ZADD', KEYS[2], 'XX', ARGV[2], ARGV[1])
            if redis.call('PTTL', KEYS[2]) < tonumber(ARGV[3]) then redis.call('PEXPIRE', KEYS[2], ARGV[3]) end
            redis.call('ZADD', KEYS[3], 'XX', ARGV[2], ARGV[1])
            return 1
            """;
    // KEYS: user index, all sessions. ARGV: session key prefix, the hash to keep ('' for none).
    private static final String DELETE_ALL_FOR_USER = """
            local ended = 0
            for _, id in ipairs(redis.call('ZRANGE', KEYS[1], 0, -1)) do
              if id ~= ARGV[2] then
                ended = ended + redis.call('DEL', ARGV[1] .. id)
                redis.call('ZREM', KEYS[1], id)
                redis.call('ZREM', KEYS[2], id)
              end
            end
            return ended
            """;
    // KEYS: all sessions. ARGV: session key prefix, now (ms), batch size. Returns how many it removed.
    private static final String DELETE_EXPIRED = """
            local ids = redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', ARGV[2], 'LIMIT', 0, tonumber(ARGV[3]))
            for _, id in ipairs(ids) do
              redis.call('DEL', ARGV[1] .. id)
              redis.call('ZREM', KEYS[1], id)
            end
            return #ids
            """;
    private static final int EXPIRED_BATCH = 1_000;

    private final Redis redis;
    private final RedisCommands<String, String> commands;
    private final String all;

    public RedisSessionStore(Redis redis) {
        this.redis = redis;
        this.commands = redis.text().sync();
        this.all = redis.key("sessions");
    }

    @Override
    public void save(Session s) {
        var args = new ArrayList<String>(List.of(s.idHash(), score(s.idleExpiresAt()), ttl(s.lastSeenAt(), s.idleExpiresAt())));
        fields(s).forEach((field, value) -> {
            args.add(field);
            args.add(value);
        });
        commands.eval(SAVE, ScriptOutputType.INTEGER, keys(s.idHash(), s.userId()), args.toArray(String[]::new));
    }

    @Override
    public Optional<Session> find(String idHash) {
        return toSession(idHash, commands.hgetall(sessionKey(idHash)));
    }

    @Override
    public void touch(Session session, Instant lastSeenAt, Instant idleExpiresAt) {
        commands.eval(TOUCH, ScriptOutputType.INTEGER, keys(session.idHash(), session.userId()),
                session.idHash(), score(idleExpiresAt), ttl(lastSeenAt, idleExpiresAt),
                lastSeenAt.toString(), idleExpiresAt.toString());
    }

    @Override
    public void delete(String idHash) {
        // The user's index keeps the hash until it is next read or expires; readers skip ended sessions.
        commands.del(sessionKey(idHash));
        commands.zrem(all, idHash);
    }

    @Override
    public List<Session> findAllForUser(long userId) {
        String index = userKey(userId);
        List<String> ids = commands.zrange(index, 0, -1);
        // One round trip for all of them: the async commands pipeline on the shared connection.
        var async = redis.text().async();
        var pending = new LinkedHashMap<String, RedisFuture<Map<String, String>>>();
        ids.forEach(id -> pending.put(id, async.hgetall(sessionKey(id))));
        var sessions = new ArrayList<Session>();
        var ended = new ArrayList<String>();
        pending.forEach((id, future) -> toSession(id, await(future)).ifPresentOrElse(sessions::add, () -> ended.add(id)));
        if (!ended.isEmpty()) commands.zrem(index, ended.toArray(String[]::new));
        return sessions;
    }

    @Override
    public int deleteAllForUser(long userId) {
        return deleteAllForUserExcept(userId, "");
    }

    @Override
    public int deleteAllForUserExcept(long userId, String keptIdHash) {
        Long ended = commands.eval(DELETE_ALL_FOR_USER, ScriptOutputType.INTEGER,
                new String[] {userKey(userId), all}, sessionKey(""), keptIdHash);
        return ended.intValue();
    }

    @Override
    public int deleteExpired(Instant now) {
        int removed = 0;
        long batch;
        do {
            Long count = commands.eval(DELETE_EXPIRED, ScriptOutputType.INTEGER, new String[] {all},
                    sessionKey(""), score(now), Integer.toString(EXPIRED_BATCH));
            batch = count;
            removed += (int) batch;
        } while (batch == EXPIRED_BATCH);
        return removed;
    }

    @Override
    public long countActive(Instant now) {
        return commands.zcount(all, Range.from(Range.Boundary.excluding(now.toEpochMilli()), Range.Boundary.unbounded()));
    }

    private String[] keys(String idHash, long userId) {
        return new String[] {sessionKey(idHash), userKey(userId), all};
    }

    private String sessionKey(String idHash) {
        return redis.key("session:" + idHash);
    }

    private String userKey(long userId) {
        return redis.key("user-sessions:" + userId);
    }

    private static String score(Instant at) {
        return Long.toString(at.toEpochMilli());
    }

    /** Milliseconds from now until the idle expiry; at least one, as Redis refuses a TTL of zero. */
    private static String ttl(Instant now, Instant idleExpiresAt) {
        return Long.toString(Math.max(1, Duration.between(now, idleExpiresAt).toMillis()));
    }

    private static Map<String, String> fields(Session s) {
        var fields = new LinkedHashMap<String, String>();
        fields.put("userId", Long.toString(s.userId()));
        fields.put("csrfToken", s.csrfToken());
        fields.put("createdAt", s.createdAt().toString());
        fields.put("lastSeenAt", s.lastSeenAt().toString());
        fields.put("idleExpiresAt", s.idleExpiresAt().toString());
        fields.put("expiresAt", s.expiresAt().toString());
        fields.put("authAt", s.authAt().toString());
        fields.put("amr", Amr.format(s.amr()));
        if (s.pending()) fields.put("pending", "1");
        fields.put("remember", s.remember() ? "1" : "0");
        // Absent fields stand for null: a Redis hash has no null values.
        if (s.ip() != null) fields.put("ip", s.ip());
        if (s.userAgent() != null) fields.put("userAgent", s.userAgent());
        return fields;
    }

    private static Optional<Session> toSession(String idHash, Map<String, String> f) {
        if (f == null || f.isEmpty()) return Optional.empty();
        return Optional.of(new Session(idHash, Long.parseLong(f.get("userId")), f.get("csrfToken"),
                Instant.parse(f.get("createdAt")), Instant.parse(f.get("lastSeenAt")),
                Instant.parse(f.get("idleExpiresAt")), Instant.parse(f.get("expiresAt")),
                Instant.parse(f.get("authAt")), Amr.parse(f.getOrDefault("amr", Amr.PASSWORD)), "1".equals(f.get("pending")),
                "1".equals(f.get("remember")), f.get("ip"), f.get("userAgent")));
    }

    private static <T> T await(RedisFuture<T> future) {
        try {
            return future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading sessions from Redis", e);
        } catch (java.util.concurrent.ExecutionException e) {
            throw e.getCause() instanceof RuntimeException runtime ? runtime : new IllegalStateException(e.getCause());
        }
    }
}
