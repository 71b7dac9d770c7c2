package carafe.idempotency;

import carafe.auth.SecretTokens;
import carafe.web.HttpProblem;
import carafe.web.RetryKey;
import carafe.web.ValidationFailed;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

/**
 * Idempotency keys per user (draft-ietf-httpapi-idempotency-key-header): the first request with a key
 * claims it and leaves its answer; a retry with the same key and the same request gets that answer
 * again. Knows nothing of HTTP beyond the answer it keeps; {@link Idempotency} puts it in front of a
 * route.
 */
public final class IdempotencyKeys {
    /**
     * How long a claimed key waits for its request before another may take it over: the request died
     * with its instance. Well above anything a create may take (every database wait gives up after 10 s),
     * so a slow request is never run twice; short enough for a client's retries to go through soon.
     */
    public static final Duration LEASE = Duration.ofSeconds(30);

    private final IdempotencyStore store;
    private final Duration lifetime;
    private final Clock clock;

    public IdempotencyKeys(IdempotencyStore store, Duration lifetime, Clock clock) {
        this.store = store;
        // A key must outlive its lease: one forgotten while its request runs would let a retry run too.
        this.lifetime = lifetime.compareTo(LEASE.multipliedBy(2)) >= 0 ? lifetime : LEASE.multipliedBy(2);
        this.clock = clock;
    }

    /**
     * Claims {@code key} for a request of this user, or answers for it: a replay of the first answer, 409
     * while the first request with the key runs, 422 when the key was used for another request.
     */
    public Claim claim(long userId, IdempotencyKey key, String requestHash) {
        var now = clock.instant();
        var claim = store.claim(userId, key.hash(), requestHash, SecretTokens.newToken(), now, now.plus(LEASE),
                now.plus(lifetime));
        return switch (claim) {
            case Claim.InFlight inFlight -> throw new HttpProblem(409, "Conflict",
                    "A request with this Idempotency-Key is still being processed; retry it in a moment.",
                    Map.of("Retry-After", "1"));
            case Claim.Mismatch mismatch -> throw new ValidationFailed("Idempotency-Key",
                    "was already used for another request; use a new key for a new request");
            case Claim.Granted granted -> granted;
            case Claim.Replay replay -> replay;
        };
    }

    /** Keeps the answer of the request that holds {@code claim}; false if its lease was taken over meanwhile. */
    public boolean complete(Claim.Granted claim, StoredResponse response) {
        return store.complete(claim, response);
    }

    /**
     * What the create behind {@code claim} keeps in its row: the key's hash, whether an earlier attempt may
     * have created the resource already, and since when a row with this key is this key's (its lifetime).
     */
    public RetryKey retryKey(Claim.Granted claim) {
        return new RetryKey(claim.keyHash(), claim.afterLostAttempt(), clock.instant().minus(lifetime));
    }

    /** Frees the key of a request that failed, so a retry runs again. */
    public void release(Claim.Granted claim) {
        store.release(claim);
    }

    /** Removes keys past their lifetime; returns how many. */
    public int purgeExpired() {
        return store.deleteExpired(clock.instant());
    }

    /**
     * What a retry must repeat exactly: method, path and body, hashed (SHA-256, hex). The body is
     * compared byte for byte, as the client sends the same bytes again.
     */
    public static String requestHash(String method, String path, byte[] body) {
        try {
            var digest = MessageDigest.getInstance("SHA-256");
            digest.update((method + " " + path + "\n").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest.digest(body));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
