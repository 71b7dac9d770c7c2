package carafe.web;

import java.time.Instant;

/**
 * The {@code Idempotency-Key} a create runs under, for the resource's row to keep
 * (docs/decisions/0027-idempotency-keys.md). A kept answer makes most retries replays that never reach
 * the create; this covers the one case it cannot: an earlier request with the key created the resource,
 * then its instance died before the answer was kept. Such a retry runs the create again with
 * {@code afterLostAttempt}, and the create first looks for a row it made with {@code hash} since
 * {@code since} (the key's lifetime), answering that one instead of making a second:
 * <pre>{@code
 * if (key.afterLostAttempt()) {
 *     var made = repository.createdWith(ownerId, key);
 *     if (made.isPresent()) return made.get();
 * }
 * return repository.insert(ownerId, ..., key.hash());
 * }</pre>
 *
 * @param hash the key as stored (SHA-256, hex), or null when the request sent none
 */
public record RetryKey(String hash, boolean afterLostAttempt, Instant since) {
    /** A create without a key (a page's form, or an API request without the header). */
    public static final RetryKey NONE = new RetryKey(null, false, Instant.MAX);
}
