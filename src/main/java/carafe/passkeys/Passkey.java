package carafe.passkeys;

import java.time.Instant;

/** A passkey as its owner sees it; {@code backedUp} says it is synced to other devices (the BS flag). */
public record Passkey(long id, String name, Instant createdAt, Instant lastUsedAt, boolean backedUp) {
    static Passkey of(PasskeyRepository.Stored stored) {
        return new Passkey(stored.id(), stored.name(), stored.createdAt(), stored.lastUsedAt(), stored.backupState());
    }
}
