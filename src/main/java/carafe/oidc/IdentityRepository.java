package carafe.oidc;

import static carafe.db.schema.Tables.IDENTITIES;

import carafe.db.schema.tables.records.IdentitiesRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The {@code identities} table: who an account is at each provider. */
final class IdentityRepository {
    /** An identity as stored. */
    record Stored(long id, long userId, String provider, String issuer, String subject, String email, Instant createdAt,
                  Instant lastUsedAt) {}

    private final DSLContext db;

    IdentityRepository(DSLContext db) {
        this.db = db;
    }

    Optional<Stored> find(String issuer, String subject) {
        return db.selectFrom(IDENTITIES).where(IDENTITIES.ISSUER.eq(issuer), IDENTITIES.SUBJECT.eq(subject))
                .fetchOptional(IdentityRepository::toStored);
    }

    List<Stored> forUser(long userId) {
        return db.selectFrom(IDENTITIES).where(IDENTITIES.USER_ID.eq(userId))
                .orderBy(IDENTITIES.CREATED_AT.asc(), IDENTITIES.ID.asc()).fetch(IdentityRepository::toStored);
    }

    void insert(long userId, String provider, String issuer, String subject, String email, boolean unprovenAddress,
                Instant now) {
        db.insertInto(IDENTITIES)
                .set(IDENTITIES.USER_ID, userId)
                .set(IDENTITIES.PROVIDER, provider)
                .set(IDENTITIES.ISSUER, issuer)
                .set(IDENTITIES.SUBJECT, subject)
                .set(IDENTITIES.EMAIL, email)
                .set(IDENTITIES.CREATED_AT, now)
                .set(IDENTITIES.LAST_USED_AT, now)
                .set(IDENTITIES.UNPROVEN_ADDRESS, unprovenAddress)
                .execute();
    }

    /** Removes the user's identities that made the account with an address their provider did not verify. */
    List<Stored> deleteUnproven(long userId) {
        return db.deleteFrom(IDENTITIES).where(IDENTITIES.USER_ID.eq(userId), IDENTITIES.UNPROVEN_ADDRESS.isTrue())
                .returning().fetch(IdentityRepository::toStored);
    }

    void recordUse(long id, Instant now) {
        db.update(IDENTITIES).set(IDENTITIES.LAST_USED_AT, now).where(IDENTITIES.ID.eq(id)).execute();
    }

    boolean delete(long userId, long id) {
        return db.deleteFrom(IDENTITIES).where(IDENTITIES.ID.eq(id), IDENTITIES.USER_ID.eq(userId)).execute() == 1;
    }

    private static Stored toStored(IdentitiesRecord r) {
        return new Stored(r.getId(), r.getUserId(), r.getProvider(), r.getIssuer(), r.getSubject(), r.getEmail(),
                r.getCreatedAt(), r.getLastUsedAt());
    }
}
