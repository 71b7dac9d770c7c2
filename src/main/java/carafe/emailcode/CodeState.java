package carafe.emailcode;

import java.time.Instant;
import java.util.Optional;

/**
 * What a browser's ceremony keeps of its code while it waits (carafe.auth.Ceremonies): whose it is
 * ({@link #NOBODY} for an address no active account has), how many wrong tries it has had, when it
 * expires, and the code's digest ({@link SignInCodes}). Written as {@code userId|tries|expiresAt|digest}.
 */
record CodeState(long userId, int tries, Instant expiresAt, String digest) {
    static final long NOBODY = 0;

    String format() {
        return userId + "|" + tries + "|" + expiresAt.toEpochMilli() + "|" + digest;
    }

    /** The state after one more wrong try. */
    CodeState triedOnceMore() {
        return new CodeState(userId, tries + 1, expiresAt, digest);
    }

    boolean forAnAccount() {
        return userId != NOBODY;
    }

    /** Empty for text this class did not write (a kind's state from an older release, say). */
    static Optional<CodeState> parse(String text) {
        String[] parts = text.split("\\|", 4);
        if (parts.length != 4) return Optional.empty();
        try {
            return Optional.of(new CodeState(Long.parseLong(parts[0]), Integer.parseInt(parts[1]),
                    Instant.ofEpochMilli(Long.parseLong(parts[2])), parts[3]));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
