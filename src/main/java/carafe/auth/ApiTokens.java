package carafe.auth;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.web.Conflict;
import carafe.web.NotFound;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;

/**
 * API tokens: long-lived secrets that let a user's scripts call the API as them with
 * {@code Authorization: Bearer}. Creates them (the secret is shown once), lists and revokes them,
 * and resolves a presented secret to its token. Knows nothing of HTTP.
 */
public final class ApiTokens {
    /** Marks the secret as Carafe's, so secret scanners and people recognise a leaked one. */
    public static final String PREFIX = "carafe_";
    public static final int DEFAULT_LIFETIME_DAYS = 90;
    /** Every token expires: a forgotten one stops working on its own (as GitLab requires, at most a year). */
    public static final int MAX_LIFETIME_DAYS = 365;
    /** Bounds what one account can pile up; far more than any person manages by hand. */
    public static final int MAX_TOKENS_PER_USER = 100;
    /** Use is recorded at most this often per token, so authenticating a request is not a write per request. */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    /** Expired tokens stay listed this long, so their owner can see why a script stopped working. */
    static final Duration KEPT_AFTER_EXPIRY = Duration.ofDays(30);

    private static final int SECRET_BYTES = 32; // 256 bits
    private static final int SECRET_LENGTH = PREFIX.length() + 2 * SECRET_BYTES;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final ApiTokenRepository repository;
    private final AuditLog audit;
    private final Clock clock;

    public ApiTokens(DSLContext db, AuditLog audit, Clock clock) {
        this.repository = new ApiTokenRepository(db);
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates a token; the answer holds the secret, which is stored only as its SHA-256. */
    public NewApiToken create(long userId, ApiTokenRequest request, RequestOrigin origin) {
        if (repository.countFor(userId) >= MAX_TOKENS_PER_USER) {
            throw new Conflict("You have " + MAX_TOKENS_PER_USER + " API tokens; revoke one you no longer use first.");
        }
        String name = request.name().strip();
        String secret = newSecret();
        Instant now = clock.instant();
        ApiToken token = repository.insert(userId, name, SecretTokens.hash(secret), now,
                now.plus(Duration.ofDays(request.lifetimeDays())));
        audit.record(userId, null, AuditType.TOKEN_CREATED, origin, name);
        return NewApiToken.of(token, secret);
    }

    /** The user's tokens, newest first, expired ones included until the janitor removes them. */
    public List<ApiToken> list(long userId) {
        return repository.listFor(userId);
    }

    /**
     * Deletes one of the user's tokens and answers its name; another user's token, or none, is 404 as if
     * it did not exist.
     */
    public String revoke(long userId, long id, RequestOrigin origin) {
        String name = repository.delete(userId, id).orElseThrow(() -> new NotFound("No such API token."));
        audit.record(userId, null, AuditType.TOKEN_REVOKED, origin, name);
        return name;
    }

    /** Deletes every token of a user, e.g. when an administrator deactivates the account for good. */
    public int revokeAllFor(long userId) {
        return repository.deleteAllFor(userId);
    }

    /** Deletes tokens that expired more than {@link #KEPT_AFTER_EXPIRY} ago; the janitor calls it. */
    public int purgeExpired() {
        return repository.deleteExpiredBefore(clock.instant().minus(KEPT_AFTER_EXPIRY));
    }

    /**
     * The live token for a presented secret, or empty when it is malformed, unknown, revoked or expired.
     * Looking it up by hash needs no constant-time comparison: the hash gives away nothing about the secret.
     */
    Optional<ApiTokenRepository.Found> resolve(String secret) {
        if (secret == null || secret.length() != SECRET_LENGTH || !secret.startsWith(PREFIX)) return Optional.empty();
        var found = repository.findByHash(SecretTokens.hash(secret));
        if (found.isEmpty()) return found;
        if (found.get().token().isExpiredAt(clock.instant())) return Optional.empty();
        return found;
    }

    /** Notes that the token was just used: at most one write a minute per token, not one per request. */
    void recordUse(ApiToken token) {
        Instant now = clock.instant();
        Instant recordedSince = now.minus(TOUCH_INTERVAL);
        if (token.lastUsedAt() == null || !token.lastUsedAt().isAfter(recordedSince)) {
            repository.touch(token.id(), now, recordedSince);
        }
    }

    /** {@code carafe_} and 64 hex digits: 256 bits from SecureRandom, selectable with one double-click. */
    private static String newSecret() {
        byte[] bytes = new byte[SECRET_BYTES];
        RANDOM.nextBytes(bytes);
        return PREFIX + HexFormat.of().formatHex(bytes);
    }
}
