package carafe.auth;

import java.time.Instant;

/**
 * An API token as its owner sees it: never the secret, which exists only in the answer that created
 * it. {@code lastUsedAt} is null until first use and may be up to a minute behind.
 */
public record ApiToken(long id, String name, Instant createdAt, Instant lastUsedAt, Instant expiresAt) {
    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(expiresAt);
    }
}
