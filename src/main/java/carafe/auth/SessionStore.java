package carafe.auth;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Where sessions live. The database store is the default; a Redis store can take its place for
 * several instances. Implementations never see cookie values, only their hashes.
 */
public interface SessionStore {
    void save(Session session);

    Optional<Session> find(String idHash);

    /**
     * The session with its user, whatever state either is in (the caller checks expiry and whether the
     * user is active): what every signed-in request needs. This default reads the session, then the user
     * from {@code users}; a store beside the users table does both in one query.
     */
    default Optional<Principal> findWithUser(String idHash, UserRepository users) {
        return find(idHash).flatMap(session -> users.findById(session.userId()).map(user -> new Principal(user, session)));
    }

    /**
     * Records use: moves the last-seen time and the idle expiry forward. Does nothing when the session
     * has ended meanwhile (a touch never brings a deleted session back).
     */
    void touch(Session session, Instant lastSeenAt, Instant idleExpiresAt);

    void delete(String idHash);

    /** Every session of a user, expired ones included (the caller filters); a user has a handful. */
    List<Session> findAllForUser(long userId);

    /** Ends every session of a user (deactivation, password reset); returns how many ended. */
    int deleteAllForUser(long userId);

    /** Ends every session of a user but one (password change: "sign out everywhere else"). */
    int deleteAllForUserExcept(long userId, String keptIdHash);

    /** Removes sessions past either expiry; returns how many. */
    int deleteExpired(Instant now);

    /** How many sessions are past neither expiry: one cheap count, for the metrics scrape. */
    long countActive(Instant now);
}
