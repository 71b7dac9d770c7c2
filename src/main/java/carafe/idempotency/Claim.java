package carafe.idempotency;

/** What became of a request's attempt to claim its Idempotency-Key ({@link IdempotencyStore#claim}). */
public sealed interface Claim {
    /**
     * The key is this request's: it runs, then finishes the key with its answer (or releases it if it
     * failed). {@code token} is this request's own, so a request that lost its lease cannot finish a key
     * another request has taken over. {@code afterLostAttempt}: the key was taken over from a request whose
     * lease ran out (its instance died), which may have created the resource before it died.
     */
    record Granted(long userId, String keyHash, String token, boolean afterLostAttempt) implements Claim {}

    /** The key's first request has answered: repeat its answer. */
    record Replay(StoredResponse response) implements Claim {}

    /** The key's first request is still running (its lease has not expired). */
    record InFlight() implements Claim {}

    /** The key was used for another request (another body or another path). */
    record Mismatch() implements Claim {}
}
