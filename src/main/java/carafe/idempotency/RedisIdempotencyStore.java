package carafe.idempotency;

import carafe.redis.Redis;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.sync.RedisCommands;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * Idempotency keys in Redis, shared by every instance (CARAFE_REDIS_URL): a hash per key,
 * {@code idempotency:<userId>:<keyHash>}, holding the request's hash, the claim and its lease, the
 * expiry and, once the first request answered, its status, headers and body. Each step is one Lua
 * script, so of two instances racing for a key exactly one gets it. Expiry and leases are compared
 * with the app's clock (passed in, as for sessions); the key's TTL only lets Redis drop it when it ends.
 */
public final class RedisIdempotencyStore implements IdempotencyStore {
    // KEYS: the key. ARGV: request hash, claim token, now, lease expiry, expiry (ms), ttl (ms).
    private static final String CLAIM = """
            local now = tonumber(ARGV[3])
            local k = redis.call('HMGET', KEYS[1], 'request', 'expiresAt', 'status', 'leaseExpiresAt', 'headers', 'body')
            if k[1] and tonumber(k[2]) > now then
              if k[1] ~= ARGV[1] then return {'mismatch'} end
              if k[3] then return {'replay', k[3], k[5], k[6]} end
              if tonumber(k[4]) > now then return {'in-flight'} end
              redis.call('HSET', KEYS[1], 'claim', ARGV[2], 'leaseExpiresAt', ARGV[4])
              return {'taken-over'}
            end
            redis.call('DEL', KEYS[1])
            redis.call('HSET', KEYS[1], 'request', ARGV[1], 'claim', ARGV[2], 'leaseExpiresAt', ARGV[4], 'expiresAt', ARGV[5])
            redis.call('PEXPIRE', KEYS[1], ARGV[6])
            return {'granted'}
            """;
    // KEYS: the key. ARGV: claim token, status, headers, body.
    private static final String COMPLETE = """
            if redis.call('HGET', KEYS[1], 'claim') ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'status', ARGV[2], 'headers', ARGV[3], 'body', ARGV[4])
            return 1
            """;
    // KEYS: the key. ARGV: claim token.
    private static final String RELEASE = """
            if redis.call('HGET', KEYS[1], 'claim') == ARGV[1] and redis.call('HEXISTS', KEYS[1], 'status') == 0 then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """;

    private final Redis redis;
    /** Bytes, not text: a kept body is returned exactly as it was written. */
    private final RedisCommands<String, byte[]> commands;

    public RedisIdempotencyStore(Redis redis) {
        this.redis = redis;
        this.commands = redis.bytes().sync();
    }

    @Override
    public Claim claim(long userId, String keyHash, String requestHash, String token, Instant now,
                       Instant leaseExpiresAt, Instant expiresAt) {
        List<byte[]> answer = commands.eval(CLAIM, ScriptOutputType.MULTI, new String[] {key(userId, keyHash)},
                bytes(requestHash), bytes(token), millis(now), millis(leaseExpiresAt), millis(expiresAt),
                bytes(Long.toString(Math.max(1, Duration.between(now, expiresAt).toMillis()))));
        return switch (text(answer.get(0))) {
            case "granted" -> new Claim.Granted(userId, keyHash, token, false);
            case "taken-over" -> new Claim.Granted(userId, keyHash, token, true);
            case "replay" -> new Claim.Replay(new StoredResponse(Integer.parseInt(text(answer.get(1))),
                    StoredResponse.parseHeaderLines(text(answer.get(2))), answer.get(3)));
            case "in-flight" -> new Claim.InFlight();
            default -> new Claim.Mismatch();
        };
    }

    @Override
    public boolean complete(Claim.Granted claim, StoredResponse response) {
        Long stored = commands.eval(COMPLETE, ScriptOutputType.INTEGER, new String[] {key(claim.userId(), claim.keyHash())},
                bytes(claim.token()), bytes(Integer.toString(response.status())), bytes(response.headerLines()),
                response.body());
        return stored == 1;
    }

    @Override
    public void release(Claim.Granted claim) {
        commands.eval(RELEASE, ScriptOutputType.INTEGER, new String[] {key(claim.userId(), claim.keyHash())},
                bytes(claim.token()));
    }

    /** Redis drops each key at its expiry (its TTL): nothing to purge. */
    @Override
    public int deleteExpired(Instant now) {
        return 0;
    }

    private String key(long userId, String keyHash) {
        return redis.key("idempotency:" + userId + ":" + keyHash);
    }

    private static byte[] millis(Instant at) {
        return bytes(Long.toString(at.toEpochMilli()));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String text(byte[] bytes) {
        return new String(bytes, StandardCharsets.UTF_8);
    }
}
