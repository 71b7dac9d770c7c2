package carafe.auth;

import static carafe.db.schema.Tables.CEREMONIES;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

/** Ceremonies in the {@code ceremonies} table, beside the sessions. */
public final class DatabaseCeremonyStore implements CeremonyStore {
    private final DSLContext db;

    public DatabaseCeremonyStore(DSLContext db) {
        this.db = db;
    }

    @Override
    public void put(String browser, String kind, String state, Instant now, Duration lifetime) {
        Instant expiresAt = now.plus(lifetime);
        db.insertInto(CEREMONIES)
                .set(CEREMONIES.BROWSER_HASH, browser)
                .set(CEREMONIES.KIND, kind)
                .set(CEREMONIES.STATE, state)
                .set(CEREMONIES.EXPIRES_AT, expiresAt)
                .onConflict(CEREMONIES.BROWSER_HASH, CEREMONIES.KIND)
                .doUpdate()
                .set(CEREMONIES.STATE, state)
                .set(CEREMONIES.EXPIRES_AT, expiresAt)
                .execute();
    }

    /**
     * Reads, then deletes the row only if it still holds what was read: of two requests finishing one
     * ceremony (two instances, a replay), exactly one deletes it and goes on.
     */
    @Override
    public Optional<String> take(String browser, String kind, Instant now) {
        var found = db.select(CEREMONIES.STATE, CEREMONIES.EXPIRES_AT).from(CEREMONIES)
                .where(CEREMONIES.BROWSER_HASH.eq(browser), CEREMONIES.KIND.eq(kind))
                .fetchOptional();
        if (found.isEmpty()) return Optional.empty();
        String state = found.get().value1();
        int taken = db.deleteFrom(CEREMONIES)
                .where(CEREMONIES.BROWSER_HASH.eq(browser), CEREMONIES.KIND.eq(kind), CEREMONIES.STATE.eq(state))
                .execute();
        if (taken != 1 || !found.get().value2().isAfter(now)) return Optional.empty();
        return Optional.of(state);
    }

    @Override
    public int deleteExpired(Instant now) {
        return db.deleteFrom(CEREMONIES).where(CEREMONIES.EXPIRES_AT.le(now)).execute();
    }
}
