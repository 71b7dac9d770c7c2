package carafe.auth;

import java.time.Instant;
import java.util.List;

/**
 * A signed-in browser or client, as stored: keyed by the hash of its cookie value, never the value.
 * It ends at {@code idleExpiresAt} (pushed forward as it is used) or at {@code expiresAt}, whichever
 * comes first. {@code authAt} is when it was made by a sign-in or last renewed by re-authentication,
 * {@code amr} how (RFC 8176 values: {@link Amr}). A {@code pending} session is a sign-in waiting for
 * its second factor: it opens nothing ({@link Authentication#current} ignores it) and ends in minutes.
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
        List<String> amr,
        boolean pending,
        boolean remember,
        String ip,
        String userAgent) {

    public Session {
        amr = List.copyOf(amr);
    }

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
