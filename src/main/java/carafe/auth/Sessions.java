package carafe.auth;

import carafe.web.Text;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * Server-side sessions: starts them with a fresh random id, resolves cookie values to live sessions,
 * and ends them. The store only ever sees the SHA-256 of the cookie value.
 */
public final class Sessions {
    /**
     * Use is recorded at most once a minute per session, so reading a session is not a write per
     * request; the price is that the idle timeout may end a session up to a minute early.
     */
    static final Duration TOUCH_INTERVAL = Duration.ofMinutes(1);
    /** How long a pending sign-in waits for its second factor (SPEC §9). */
    public static final Duration PENDING_LIFETIME = Duration.ofMinutes(5);

    private final SessionStore store;
    private final SessionTimeouts timeouts;
    private final Clock clock;

    public Sessions(SessionStore store, SessionTimeouts timeouts, Clock clock) {
        this.store = store;
        this.timeouts = timeouts;
        this.clock = clock;
    }

    /** What a new session gives the caller: the cookie value (shown once, never stored) and the session. */
    public record Started(String cookieValue, Session session) {}

    /**
     * Starts a session with a new id (ASVS 7.2.4: a new token at every authentication), authenticated
     * now by the methods in {@code amr}.
     */
    public Started start(long userId, boolean remember, List<String> amr, String ip, String userAgent) {
        return start(userId, remember, SecretTokens.newToken(), clock.instant(), amr, false, ip, userAgent);
    }

    /**
     * Starts a pending sign-in: the first factor ({@code firstFactor}: a password, an email code, an
     * identity provider) was right, a second factor is due. It opens nothing, lives
     * {@link #PENDING_LIFETIME} and is kept in the store, so the second step may reach any instance.
     */
    public Started startPending(long userId, boolean remember, List<String> firstFactor, String ip, String userAgent) {
        Instant now = clock.instant();
        String cookieValue = SecretTokens.newToken();
        var session = new Session(SecretTokens.hash(cookieValue), userId, SecretTokens.newToken(), now, now,
                now.plus(PENDING_LIFETIME), now.plus(PENDING_LIFETIME), now, firstFactor, true, remember,
                Text.truncate(ip, 64), Text.truncate(userAgent, 512));
        store.save(session);
        return new Started(cookieValue, session);
    }

    /**
     * Replaces a session with one under a new id (privilege change, password change), same user,
     * "remember me" and authentication, and ends the old one. The CSRF token carries over, so a page or
     * script holding it keeps working; what an attacker may have learnt of the old id is worthless.
     */
    public Started rotate(Session old, String ip, String userAgent) {
        var started = start(old.userId(), old.remember(), old.csrfToken(), old.authAt(), old.amr(), false, ip, userAgent);
        store.delete(old.idHash());
        return started;
    }

    /**
     * Re-authentication renews a session's sign-in time (for the operations that need a recent one)
     * under a new id (ASVS 7.2.4: a new token at re-authentication too), adding {@code method} to its amr.
     */
    public Started reauthenticate(Session old, String method, String ip, String userAgent) {
        var started = start(old.userId(), old.remember(), old.csrfToken(), clock.instant(),
                Amr.with(old.amr(), method), false, ip, userAgent);
        store.delete(old.idHash());
        return started;
    }

    private Started start(long userId, boolean remember, String csrfToken, Instant authAt, List<String> amr,
                          boolean pending, String ip, String userAgent) {
        Instant now = clock.instant();
        String cookieValue = SecretTokens.newToken();
        Instant expiresAt = now.plus(timeouts.absolute(remember));
        var session = new Session(SecretTokens.hash(cookieValue), userId, csrfToken, now, now,
                earliest(now.plus(timeouts.idle(remember)), expiresAt), expiresAt, authAt, amr, pending, remember,
                Text.truncate(ip, 64), Text.truncate(userAgent, 512));
        store.save(session);
        return new Started(cookieValue, session);
    }

    /**
     * The live session for a cookie value with its user, or empty when the session is unknown, expired or
     * ended. Whether the user may still sign in is the caller's to decide.
     */
    public Optional<Principal> resolve(String cookieValue, UserRepository users) {
        if (cookieValue == null || cookieValue.isEmpty() || cookieValue.length() > 100) return Optional.empty();
        String idHash = SecretTokens.hash(cookieValue);
        Optional<Principal> found = store.findWithUser(idHash, users);
        if (found.isEmpty()) return found;
        Session session = found.get().session();
        Instant now = clock.instant();
        if (session.isExpiredAt(now)) {
            store.delete(idHash);
            return Optional.empty();
        }
        if (!session.pending() && Duration.between(session.lastSeenAt(), now).compareTo(TOUCH_INTERVAL) >= 0) {
            Instant idleExpiresAt = earliest(now.plus(timeouts.idle(session.remember())), session.expiresAt());
            store.touch(session, now, idleExpiresAt);
        }
        return found;
    }

    public void end(String cookieValue) {
        if (cookieValue != null && !cookieValue.isEmpty()) store.delete(SecretTokens.hash(cookieValue));
    }

    public int endAllFor(long userId) {
        return store.deleteAllForUser(userId);
    }

    /** Ends every session of the user except the one given. */
    public int endAllOthers(Session kept) {
        return store.deleteAllForUserExcept(kept.userId(), kept.idHash());
    }

    /** The user's live sessions, most recently used first; pending sign-ins are not sessions yet. */
    public List<Session> listFor(long userId) {
        Instant now = clock.instant();
        return store.findAllForUser(userId).stream()
                .filter(session -> !session.isExpiredAt(now) && !session.pending())
                .sorted(Comparator.comparing(Session::lastSeenAt).reversed())
                .toList();
    }

    /** Ends one of the user's sessions by its public id; false when the user has no such session. */
    public boolean endByPublicId(long userId, String publicId) {
        var session = store.findAllForUser(userId).stream().filter(s -> s.publicId().equals(publicId)).findFirst();
        session.ifPresent(s -> store.delete(s.idHash()));
        return session.isPresent();
    }

    public int purgeExpired() {
        return store.deleteExpired(clock.instant());
    }

    /** Sessions not yet expired (pending sign-ins included), whether or not the janitor has removed the expired ones yet. */
    public long countActive() {
        return store.countActive(clock.instant());
    }

    public SessionStore store() {
        return store;
    }

    /** The longest a cookie needs to live in the browser for this session. */
    public Duration cookieLifetime(Session session) {
        return Duration.between(clock.instant(), session.expiresAt());
    }

    private static Instant earliest(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }
}
