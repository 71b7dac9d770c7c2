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

    /**
     * How the session is named to its owner (session list, "sign out" buttons): derived from the stored
     * hash, so neither the cookie value nor the storage key ever leaves the server.
     */
    public String publicId() {
        return SecretTokens.hash(idHash).substring(0, 32);
    }

    public boolean isExpiredAt(Instant now) {
        return !now.isBefore(idleExpiresAt) || !now.isBefore(expiresAt);
    }
}
