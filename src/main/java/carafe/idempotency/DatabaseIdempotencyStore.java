package carafe.idempotency;

import static carafe.db.schema.Tables.IDEMPOTENCY_KEYS;

import carafe.db.schema.tables.records.IdempotencyKeysRecord;
import java.time.Instant;
import org.jooq.Condition;
import org.jooq.DSLContext;

/** Idempotency keys in the {@code idempotency_keys} table: the default store (one instance, or several on PostgreSQL). */
public final class DatabaseIdempotencyStore implements IdempotencyStore {
    /** Claims lost to concurrent requests with the same key before giving up as "in flight". */
    private static final int ATTEMPTS = 3;

    private final DSLContext db;

    public DatabaseIdempotencyStore(DSLContext db) {
        this.db = db;
    }

    /**
     * Each step is one statement: an insert that does nothing when the key exists, then, for a key that
     * expired or whose request died, an update that succeeds only if the key still has the claim that was
     * read (compare and set). Of two requests racing for a key exactly one gets it; the other looks again.
     */
    @Override
    public Claim claim(long userId, String keyHash, String requestHash, String token, Instant now,
                       Instant leaseExpiresAt, Instant expiresAt) {
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            int inserted = db.insertInto(IDEMPOTENCY_KEYS)
                    .set(IDEMPOTENCY_KEYS.USER_ID, userId)
                    .set(IDEMPOTENCY_KEYS.KEY_HASH, keyHash)
                    .set(IDEMPOTENCY_KEYS.REQUEST_HASH, requestHash)
                    .set(IDEMPOTENCY_KEYS.CLAIM, token)
                    .set(IDEMPOTENCY_KEYS.LEASE_EXPIRES_AT, leaseExpiresAt)
                    .set(IDEMPOTENCY_KEYS.CREATED_AT, now)
                    .set(IDEMPOTENCY_KEYS.EXPIRES_AT, expiresAt)
                    .onConflictDoNothing()
                    .execute();
            var granted = new Claim.Granted(userId, keyHash, token, false);
            if (inserted == 1) return granted;
            var found = db.selectFrom(IDEMPOTENCY_KEYS).where(key(userId, keyHash)).fetchOne();
            if (found == null) continue; // released or purged since the insert: try again
            if (!found.getExpiresAt().isAfter(now)) {
                // Expired, not yet purged: as good as absent, so this request starts it afresh.
                if (takeOver(found, requestHash, token, now, leaseExpiresAt, expiresAt)) return granted;
                continue;
            }
            if (!found.getRequestHash().equals(requestHash)) return new Claim.Mismatch();
            if (found.getResponseStatus() != null) return new Claim.Replay(toResponse(found));
            if (found.getLeaseExpiresAt().isAfter(now)) return new Claim.InFlight();
            // The first request's lease ran out (its instance died): this one runs instead.
            if (takeOver(found, requestHash, token, found.getCreatedAt(), leaseExpiresAt, found.getExpiresAt())) {
                return new Claim.Granted(userId, keyHash, token, true);
            }
        }
        return new Claim.InFlight();
    }

    private boolean takeOver(IdempotencyKeysRecord found, String requestHash, String token, Instant createdAt,
                             Instant leaseExpiresAt, Instant expiresAt) {
        return db.update(IDEMPOTENCY_KEYS)
                .set(IDEMPOTENCY_KEYS.REQUEST_HASH, requestHash)
                .set(IDEMPOTENCY_KEYS.CLAIM, token)
                .set(IDEMPOTENCY_KEYS.LEASE_EXPIRES_AT, leaseExpiresAt)
                .set(IDEMPOTENCY_KEYS.CREATED_AT, createdAt)
                .set(IDEMPOTENCY_KEYS.EXPIRES_AT, expiresAt)
                .setNull(IDEMPOTENCY_KEYS.RESPONSE_STATUS)
                .setNull(IDEMPOTENCY_KEYS.RESPONSE_HEADERS)
                .setNull(IDEMPOTENCY_KEYS.RESPONSE_BODY)
                .where(key(found.getUserId(), found.getKeyHash()), IDEMPOTENCY_KEYS.CLAIM.eq(found.getClaim()))
                .execute() == 1;
    }

    @Override
    public boolean complete(Claim.Granted claim, StoredResponse response) {
        return db.update(IDEMPOTENCY_KEYS)
                .set(IDEMPOTENCY_KEYS.RESPONSE_STATUS, response.status())
                .set(IDEMPOTENCY_KEYS.RESPONSE_HEADERS, response.headerLines())
                .set(IDEMPOTENCY_KEYS.RESPONSE_BODY, response.body())
                .where(key(claim.userId(), claim.keyHash()), IDEMPOTENCY_KEYS.CLAIM.eq(claim.token()))
                .execute() == 1;
    }

    @Override
    public void release(Claim.Granted claim) {
        db.deleteFrom(IDEMPOTENCY_KEYS)
                .where(key(claim.userId(), claim.keyHash()), IDEMPOTENCY_KEYS.CLAIM.eq(claim.token()),
                        IDEMPOTENCY_KEYS.RESPONSE_STATUS.isNull())
                .execute();
    }

    @Override
    public int deleteExpired(Instant now) {
        return db.deleteFrom(IDEMPOTENCY_KEYS).where(IDEMPOTENCY_KEYS.EXPIRES_AT.le(now)).execute();
    }

    private static Condition key(long userId, String keyHash) {
        return IDEMPOTENCY_KEYS.USER_ID.eq(userId).and(IDEMPOTENCY_KEYS.KEY_HASH.eq(keyHash));
    }

    private static StoredResponse toResponse(IdempotencyKeysRecord r) {
        return new StoredResponse(r.getResponseStatus(), StoredResponse.parseHeaderLines(r.getResponseHeaders()),
                r.getResponseBody());
    }
}
