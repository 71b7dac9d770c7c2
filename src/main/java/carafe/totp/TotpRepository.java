package carafe.totp;

import static carafe.db.schema.Tables.TOTP_FACTORS;

import java.time.Instant;
import java.util.Optional;
import org.jooq.DSLContext;

/** The {@code totp_factors} table: one authenticator app per user, on or waiting for its first code. */
final class TotpRepository {
    /** A user's authenticator app as stored; {@code confirmedAt} null while enrolment waits for a first code. */
    record Row(SecretSeal.Sealed secret, Instant confirmedAt, long lastUsedStep) {
        boolean isOn() {
            return confirmedAt != null;
        }
    }

    private final DSLContext db;

    TotpRepository(DSLContext db) {
        this.db = db;
    }

    Optional<Row> find(long userId) {
        return db.selectFrom(TOTP_FACTORS).where(TOTP_FACTORS.USER_ID.eq(userId))
                .fetchOptional(r -> new Row(new SecretSeal.Sealed(r.getSecretSealed(), r.getKeyId()), r.getConfirmedAt(),
                        r.getLastUsedStep()));
    }

    boolean isOn(long userId) {
        return db.fetchExists(TOTP_FACTORS, TOTP_FACTORS.USER_ID.eq(userId), TOTP_FACTORS.CONFIRMED_AT.isNotNull());
    }

    /** A new secret waiting for its first code, replacing one that was waiting; never one that is on. */
    void startEnrolment(long userId, SecretSeal.Sealed secret, Instant now) {
        db.transaction(tx -> {
            tx.dsl().deleteFrom(TOTP_FACTORS)
                    .where(TOTP_FACTORS.USER_ID.eq(userId), TOTP_FACTORS.CONFIRMED_AT.isNull()).execute();
            tx.dsl().insertInto(TOTP_FACTORS)
                    .set(TOTP_FACTORS.USER_ID, userId)
                    .set(TOTP_FACTORS.SECRET_SEALED, secret.text())
                    .set(TOTP_FACTORS.KEY_ID, secret.keyId())
                    .set(TOTP_FACTORS.CREATED_AT, now)
                    .execute();
        });
    }

    /** Turns the waiting secret on, the code's step counted as used; false when nothing was waiting. */
    boolean confirm(long userId, long step, Instant now) {
        return db.update(TOTP_FACTORS)
                .set(TOTP_FACTORS.CONFIRMED_AT, now)
                .set(TOTP_FACTORS.LAST_USED_STEP, step)
                .where(TOTP_FACTORS.USER_ID.eq(userId), TOTP_FACTORS.CONFIRMED_AT.isNull())
                .execute() == 1;
    }

    /**
     * Records a code of {@code step} as used, only if no code of that step or a later one was: the check
     * and the write are one statement, so of two requests with the same code (two instances, a replay)
     * exactly one is accepted.
     */
    boolean useStep(long userId, long step) {
        return db.update(TOTP_FACTORS)
                .set(TOTP_FACTORS.LAST_USED_STEP, step)
                .where(TOTP_FACTORS.USER_ID.eq(userId), TOTP_FACTORS.CONFIRMED_AT.isNotNull(),
                        TOTP_FACTORS.LAST_USED_STEP.lt(step))
                .execute() == 1;
    }

    void reseal(long userId, SecretSeal.Sealed secret) {
        db.update(TOTP_FACTORS)
                .set(TOTP_FACTORS.SECRET_SEALED, secret.text())
                .set(TOTP_FACTORS.KEY_ID, secret.keyId())
                .where(TOTP_FACTORS.USER_ID.eq(userId))
                .execute();
    }

    /** Removes the user's app, on or waiting; true when it was on. */
    boolean delete(long userId) {
        boolean wasOn = isOn(userId);
        db.deleteFrom(TOTP_FACTORS).where(TOTP_FACTORS.USER_ID.eq(userId)).execute();
        return wasOn;
    }
}
