package carafe.recoverycodes;

import static carafe.db.schema.Tables.RECOVERY_CODES;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/** The {@code recovery_codes} table: a user's current set, each code a locator and an Argon2id hash. */
final class RecoveryCodeRepository {
    /** An unused code: its row id and the hash of its secret part. */
    record Unused(long id, String secretHash) {}

    /** A code to store: its locator and the hash of its secret part. */
    record NewCode(String locator, String secretHash) {}

    private final DSLContext db;

    RecoveryCodeRepository(DSLContext db) {
        this.db = db;
    }

    /** The user's codes become these, in one transaction: the old set, used or not, is gone. */
    void replaceAll(long userId, List<NewCode> codes, Instant now) {
        db.transaction(tx -> {
            tx.dsl().deleteFrom(RECOVERY_CODES).where(RECOVERY_CODES.USER_ID.eq(userId)).execute();
            var insert = tx.dsl().insertInto(RECOVERY_CODES, RECOVERY_CODES.USER_ID, RECOVERY_CODES.LOCATOR,
                    RECOVERY_CODES.SECRET_HASH, RECOVERY_CODES.CREATED_AT);
            for (NewCode code : codes) insert = insert.values(userId, code.locator(), code.secretHash(), now);
            insert.execute();
        });
    }

    Optional<Unused> findUnused(long userId, String locator) {
        return db.select(RECOVERY_CODES.ID, RECOVERY_CODES.SECRET_HASH).from(RECOVERY_CODES)
                .where(RECOVERY_CODES.USER_ID.eq(userId), RECOVERY_CODES.LOCATOR.eq(locator),
                        RECOVERY_CODES.USED_AT.isNull())
                .fetchOptional(r -> new Unused(r.value1(), r.value2()));
    }

    /** Marks a code used, only if it still is not: of two requests with one code, exactly one wins. */
    boolean use(long id, Instant now) {
        return db.update(RECOVERY_CODES).set(RECOVERY_CODES.USED_AT, now)
                .where(RECOVERY_CODES.ID.eq(id), RECOVERY_CODES.USED_AT.isNull())
                .execute() == 1;
    }

    int countUnused(long userId) {
        return db.fetchCount(RECOVERY_CODES, RECOVERY_CODES.USER_ID.eq(userId), RECOVERY_CODES.USED_AT.isNull());
    }

    void deleteAll(long userId) {
        db.deleteFrom(RECOVERY_CODES).where(RECOVERY_CODES.USER_ID.eq(userId)).execute();
    }
}
