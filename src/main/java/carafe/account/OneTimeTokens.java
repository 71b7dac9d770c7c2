package carafe.account;

import static carafe.db.schema.Tables.ONE_TIME_TOKENS;

import carafe.auth.SecretTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * Links for email confirmation, email change and password reset (SPEC §6): 256 random bits, only a
 * SHA-256 stored, single use, expiring. Issuing a new link of a purpose retires the user's older ones,
 * so only the latest mail works.
 */
public final class OneTimeTokens {
    private static final int MAX_TOKEN_LENGTH = 100;

    private final DSLContext db;
    private final Clock clock;

    public OneTimeTokens(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** A new link secret for the user; {@code email} is where it will be sent. Older unused ones of the purpose die. */
    public String issue(long userId, TokenPurpose purpose, String email, Duration lifetime) {
        String token = SecretTokens.newToken();
        Instant now = clock.instant();
        db.transaction(tx -> {
            retire(tx.dsl(), userId, purpose, now);
            tx.dsl().insertInto(ONE_TIME_TOKENS)
                    .set(ONE_TIME_TOKENS.TOKEN_HASH, SecretTokens.hash(token))
                    .set(ONE_TIME_TOKENS.USER_ID, userId)
                    .set(ONE_TIME_TOKENS.PURPOSE, purpose.code())
                    .set(ONE_TIME_TOKENS.EMAIL, email)
                    .set(ONE_TIME_TOKENS.CREATED_AT, now)
                    .set(ONE_TIME_TOKENS.EXPIRES_AT, now.plus(lifetime))
                    .execute();
        });
        return token;
    }

    /**
     * Uses the token up, if it is live and of one of the given purposes. The single UPDATE that marks it
     * used is the check, so two requests racing with the same link cannot both succeed.
     */
    public Optional<OneTimeToken> consume(String token, TokenPurpose... purposes) {
        if (!plausible(token)) return Optional.empty();
        String hash = SecretTokens.hash(token);
        Instant now = clock.instant();
        return db.transactionResult(tx -> {
            int used = tx.dsl().update(ONE_TIME_TOKENS)
                    .set(ONE_TIME_TOKENS.USED_AT, now)
                    .where(ONE_TIME_TOKENS.TOKEN_HASH.eq(hash), ONE_TIME_TOKENS.USED_AT.isNull(),
                            ONE_TIME_TOKENS.EXPIRES_AT.gt(now), ONE_TIME_TOKENS.PURPOSE.in(codes(purposes)))
                    .execute();
            if (used == 0) return Optional.empty();
            return tx.dsl().selectFrom(ONE_TIME_TOKENS).where(ONE_TIME_TOKENS.TOKEN_HASH.eq(hash))
                    .fetchOptional(r -> new OneTimeToken(r.getUserId(), TokenPurpose.of(r.getPurpose()), r.getEmail()));
        });
    }

    /** True when the token is live, without using it (the reset form checks before showing itself). */
    public boolean isLive(String token, TokenPurpose purpose) {
        if (!plausible(token)) return false;
        return db.fetchExists(ONE_TIME_TOKENS, ONE_TIME_TOKENS.TOKEN_HASH.eq(SecretTokens.hash(token)),
                ONE_TIME_TOKENS.USED_AT.isNull(), ONE_TIME_TOKENS.EXPIRES_AT.gt(clock.instant()),
                ONE_TIME_TOKENS.PURPOSE.eq(purpose.code()));
    }

    /** The address an unused, unexpired link of this purpose was sent to (a pending email change), if any. */
    public Optional<String> pendingEmail(long userId, TokenPurpose purpose) {
        return db.select(ONE_TIME_TOKENS.EMAIL).from(ONE_TIME_TOKENS)
                .where(ONE_TIME_TOKENS.USER_ID.eq(userId), ONE_TIME_TOKENS.PURPOSE.eq(purpose.code()),
                        ONE_TIME_TOKENS.USED_AT.isNull(), ONE_TIME_TOKENS.EXPIRES_AT.gt(clock.instant()))
                .orderBy(ONE_TIME_TOKENS.CREATED_AT.desc())
                .limit(1)
                .fetchOptional(ONE_TIME_TOKENS.EMAIL);
    }

    /** True when a link of this purpose went to the user after the given time (used or not). */
    public boolean issuedSince(long userId, TokenPurpose purpose, Instant since) {
        return db.fetchExists(ONE_TIME_TOKENS, ONE_TIME_TOKENS.USER_ID.eq(userId),
                ONE_TIME_TOKENS.PURPOSE.eq(purpose.code()), ONE_TIME_TOKENS.CREATED_AT.gt(since));
    }

    /** Kills the user's unused links of a purpose (after a reset, every other reset link must die). */
    public void retire(long userId, TokenPurpose purpose) {
        retire(db, userId, purpose, clock.instant());
    }

    /** Removes links that can no longer be used; run by the background janitor. */
    public int purgeExpired() {
        return db.deleteFrom(ONE_TIME_TOKENS).where(ONE_TIME_TOKENS.EXPIRES_AT.le(clock.instant())).execute();
    }

    private static void retire(DSLContext db, long userId, TokenPurpose purpose, Instant now) {
        db.update(ONE_TIME_TOKENS)
                .set(ONE_TIME_TOKENS.USED_AT, now)
                .where(ONE_TIME_TOKENS.USER_ID.eq(userId), ONE_TIME_TOKENS.PURPOSE.eq(purpose.code()),
                        ONE_TIME_TOKENS.USED_AT.isNull())
                .execute();
    }

    private static boolean plausible(String token) {
        return token != null && !token.isEmpty() && token.length() <= MAX_TOKEN_LENGTH;
    }

    private static List<String> codes(TokenPurpose... purposes) {
        return Arrays.stream(purposes).map(TokenPurpose::code).toList();
    }
}
