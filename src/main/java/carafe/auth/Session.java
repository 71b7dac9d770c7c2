package carafe.auth;

import java.time.Instant;

/**
 * A signed-in browser or client, as stored: keyed by the hash of its cookie value, never the value.
 * It ends at {@code idleExpiresAt} (pushed forward as it is used) or at {@code expiresAt}, whichever
 * comes first.
 */
public record Session(
        String idHash,
        long userId,
        String csrfToken,
        Instant createdAt,
        Instant lastSeenAt,
        Instant idleExpiresAt,
        Instant expiresAt,
        Instant authAt,
        boolean remember,
        String ip,
        String userAgent) {

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(idleExpiresAt) || !now.isBefore(expiresAt);
    }
}
