package carafe.idempotency;

import java.time.Instant;

/**
 * Where idempotency keys live: the database by default, Redis with CARAFE_REDIS_URL, so a retry that
 * reaches another instance finds the key. Keys are per user; implementations see only hashes of them.
 */
public interface IdempotencyStore {
    /**
     * In one atomic step: grants the key to this request when it is new, expired, or held by a request
     * whose lease has run out (its instance died); otherwise says why not. A granted key is kept until
     * {@code expiresAt}, or until the expiry it already had when a lease is taken over.
     */
    Claim claim(long userId, String keyHash, String requestHash, String token, Instant now, Instant leaseExpiresAt,
                Instant expiresAt);

    /** Stores the answer of the request holding {@code token}; false when another holds the key now. */
    boolean complete(Claim.Granted claim, StoredResponse response);

    /** Frees the key if {@code claim} still holds it and has no answer (its request failed). */
    void release(Claim.Granted claim);

    /** Removes keys past their expiry; returns how many (a store that expires keys by itself: 0). */
    int deleteExpired(Instant now);
}
