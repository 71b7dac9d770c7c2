package carafe.passkeys;

import static carafe.db.schema.Tables.PASSKEYS;

import carafe.db.schema.tables.records.PasskeysRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The {@code passkeys} table. Every query that changes a passkey names its owner. */
final class PasskeyRepository {
    /** A passkey as stored. Ids and handles are base64url, the credential data base64. */
    record Stored(long id, long userId, String credentialId, String userHandle, String credentialData, long signCount,
                  String transports, boolean uvInitialized, boolean backupEligible, boolean backupState, String name,
                  Instant createdAt, Instant lastUsedAt) {}

    private final DSLContext db;

    PasskeyRepository(DSLContext db) {
        this.db = db;
    }

    List<Stored> forUser(long userId) {
        return db.selectFrom(PASSKEYS).where(PASSKEYS.USER_ID.eq(userId))
                .orderBy(PASSKEYS.CREATED_AT.asc(), PASSKEYS.ID.asc())
                .fetch(PasskeyRepository::toStored);
    }

    int countFor(long userId) {
        return db.fetchCount(PASSKEYS, PASSKEYS.USER_ID.eq(userId));
    }

    Optional<Stored> byCredentialId(String credentialId) {
        return db.selectFrom(PASSKEYS).where(PASSKEYS.CREDENTIAL_ID.eq(credentialId)).fetchOptional(PasskeyRepository::toStored);
    }

    /** The user's WebAuthn id, the same for all their passkeys; empty before their first. */
    Optional<String> userHandle(long userId) {
        return db.select(PASSKEYS.USER_HANDLE).from(PASSKEYS).where(PASSKEYS.USER_ID.eq(userId)).limit(1)
                .fetchOptional(PASSKEYS.USER_HANDLE);
    }

    Stored insert(long userId, String credentialId, String userHandle, String credentialData, long signCount,
                  String transports, boolean uvInitialized, boolean backupEligible, boolean backupState, String name,
                  Instant now) {
        return db.insertInto(PASSKEYS)
                .set(PASSKEYS.USER_ID, userId)
                .set(PASSKEYS.CREDENTIAL_ID, credentialId)
                .set(PASSKEYS.USER_HANDLE, userHandle)
                .set(PASSKEYS.CREDENTIAL_DATA, credentialData)
                .set(PASSKEYS.SIGN_COUNT, signCount)
                .set(PASSKEYS.TRANSPORTS, transports)
                .set(PASSKEYS.UV_INITIALIZED, uvInitialized)
                .set(PASSKEYS.BACKUP_ELIGIBLE, backupEligible)
                .set(PASSKEYS.BACKUP_STATE, backupState)
                .set(PASSKEYS.NAME, name)
                .set(PASSKEYS.CREATED_AT, now)
                .returning()
                .fetchOne(PasskeyRepository::toStored);
    }

    /**
     * Records a sign-in: the new counter and backup state, only if the counter read before the check is
     * still the stored one, so two assertions racing with one counter cannot both be accepted.
     */
    boolean recordUse(long id, long expectedCount, long newCount, boolean uvInitialized, boolean backupState,
                      Instant now) {
        return db.update(PASSKEYS)
                .set(PASSKEYS.SIGN_COUNT, newCount)
                .set(PASSKEYS.UV_INITIALIZED, uvInitialized)
                .set(PASSKEYS.BACKUP_STATE, backupState)
                .set(PASSKEYS.LAST_USED_AT, now)
                .where(PASSKEYS.ID.eq(id), PASSKEYS.SIGN_COUNT.eq(expectedCount))
                .execute() == 1;
    }

    boolean rename(long userId, long id, String name) {
        return db.update(PASSKEYS).set(PASSKEYS.NAME, name)
                .where(PASSKEYS.ID.eq(id), PASSKEYS.USER_ID.eq(userId)).execute() == 1;
    }

    boolean delete(long userId, long id) {
        return db.deleteFrom(PASSKEYS).where(PASSKEYS.ID.eq(id), PASSKEYS.USER_ID.eq(userId)).execute() == 1;
    }

    void deleteAll(long userId) {
        db.deleteFrom(PASSKEYS).where(PASSKEYS.USER_ID.eq(userId)).execute();
    }

    Optional<Stored> find(long userId, long id) {
        return db.selectFrom(PASSKEYS).where(PASSKEYS.ID.eq(id), PASSKEYS.USER_ID.eq(userId))
                .fetchOptional(PasskeyRepository::toStored);
    }

    private static Stored toStored(PasskeysRecord r) {
        return new Stored(r.getId(), r.getUserId(), r.getCredentialId(), r.getUserHandle(), r.getCredentialData(),
                r.getSignCount(), r.getTransports(), r.getUvInitialized(), r.getBackupEligible(), r.getBackupState(),
                r.getName(), r.getCreatedAt(), r.getLastUsedAt());
    }
}
