package carafe.auth;

import static carafe.db.schema.Tables.API_TOKENS;

import carafe.db.schema.tables.records.ApiTokensRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The {@code api_tokens} table. Secrets never reach it, only their SHA-256. */
final class ApiTokenRepository {
    private final DSLContext db;

    ApiTokenRepository(DSLContext db) {
        this.db = db;
    }

    /** A token found by its secret's hash, with the user it acts for. */
    record Found(long userId, ApiToken token) {}

    ApiToken insert(long userId, String name, String tokenHash, Instant now, Instant expiresAt) {
        return db.insertInto(API_TOKENS)
                .set(API_TOKENS.USER_ID, userId)
                .set(API_TOKENS.NAME, name)
                .set(API_TOKENS.TOKEN_HASH, tokenHash)
                .set(API_TOKENS.CREATED_AT, now)
                .set(API_TOKENS.EXPIRES_AT, expiresAt)
                .returning()
                .fetchOne(ApiTokenRepository::toToken);
    }

    /** A user's tokens, newest first. */
    List<ApiToken> listFor(long userId) {
        return db.selectFrom(API_TOKENS)
                .where(API_TOKENS.USER_ID.eq(userId))
                .orderBy(API_TOKENS.CREATED_AT.desc(), API_TOKENS.ID.desc())
                .fetch(ApiTokenRepository::toToken);
    }

    int countFor(long userId) {
        return db.fetchCount(API_TOKENS, API_TOKENS.USER_ID.eq(userId));
    }

    Optional<Found> findByHash(String tokenHash) {
        return db.selectFrom(API_TOKENS)
                .where(API_TOKENS.TOKEN_HASH.eq(tokenHash))
                .fetchOptional(r -> new Found(r.getUserId(), toToken(r)));
    }

    /**
     * Records use unless it was already recorded at or after {@code recordedSince}: the condition in the
     * statement means concurrent requests, even on several instances, write once between them.
     */
    void touch(long id, Instant now, Instant recordedSince) {
        db.update(API_TOKENS)
                .set(API_TOKENS.LAST_USED_AT, now)
                .where(API_TOKENS.ID.eq(id)
                        .and(API_TOKENS.LAST_USED_AT.isNull().or(API_TOKENS.LAST_USED_AT.le(recordedSince))))
                .execute();
    }

    /** Deletes the user's token and answers its name; empty when none with this id belongs to them. */
    Optional<String> delete(long userId, long id) {
        return db.deleteFrom(API_TOKENS)
                .where(API_TOKENS.ID.eq(id).and(API_TOKENS.USER_ID.eq(userId)))
                .returningResult(API_TOKENS.NAME)
                .fetchOptional(API_TOKENS.NAME);
    }

    int deleteAllFor(long userId) {
        return db.deleteFrom(API_TOKENS).where(API_TOKENS.USER_ID.eq(userId)).execute();
    }

    int deleteExpiredBefore(Instant cutoff) {
        return db.deleteFrom(API_TOKENS).where(API_TOKENS.EXPIRES_AT.le(cutoff)).execute();
    }

    private static ApiToken toToken(ApiTokensRecord r) {
        return new ApiToken(r.getId(), r.getName(), r.getCreatedAt(), r.getLastUsedAt(), r.getExpiresAt());
    }
}
