package carafe.auth;

import static carafe.db.schema.Tables.SESSIONS;
import static carafe.db.schema.Tables.USERS;

import carafe.db.RenderedQuery;
import carafe.db.schema.tables.records.SessionsRecord;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.impl.DSL;

/** Sessions in the {@code sessions} table: the default store, for one instance or several on PostgreSQL. */
public final class DatabaseSessionStore implements SessionStore {
    private final DSLContext db;
    /** The session and its user (the columns of a {@link User}) in one query: what every signed-in request reads. */
    private final RenderedQuery sessionWithUser;

    public DatabaseSessionStore(DSLContext db) {
        this.db = db;
        Field<?>[] columns = Stream.concat(Stream.of(SESSIONS.fields()), UserRepository.USER_COLUMNS.stream())
                .toArray(Field<?>[]::new);
        this.sessionWithUser = new RenderedQuery(db, db.select(columns).from(SESSIONS)
                .join(USERS).on(USERS.ID.eq(SESSIONS.USER_ID))
                .where(SESSIONS.ID_HASH.eq(DSL.param("idHash", String.class))));
    }

    @Override
    public void save(Session s) {
        db.insertInto(SESSIONS)
                .set(SESSIONS.ID_HASH, s.idHash())
                .set(SESSIONS.USER_ID, s.userId())
                .set(SESSIONS.CSRF_TOKEN, s.csrfToken())
                .set(SESSIONS.CREATED_AT, s.createdAt())
                .set(SESSIONS.LAST_SEEN_AT, s.lastSeenAt())
                .set(SESSIONS.IDLE_EXPIRES_AT, s.idleExpiresAt())
                .set(SESSIONS.EXPIRES_AT, s.expiresAt())
                .set(SESSIONS.AUTH_AT, s.authAt())
                .set(SESSIONS.AMR, Amr.format(s.amr()))
                .set(SESSIONS.PENDING, s.pending())
                .set(SESSIONS.REMEMBER, s.remember())
                .set(SESSIONS.IP, s.ip())
                .set(SESSIONS.USER_AGENT, s.userAgent())
                .execute();
    }

    @Override
    public Optional<Session> find(String idHash) {
        return db.selectFrom(SESSIONS).where(SESSIONS.ID_HASH.eq(idHash)).fetchOptional(DatabaseSessionStore::toSession);
    }

    /** One query instead of two: the users table sits beside this one, so {@code users} is not needed. */
    @Override
    public Optional<Principal> findWithUser(String idHash, UserRepository users) {
        return sessionWithUser.fetchFirst(idHash)
                .map(row -> new Principal(UserRepository.toUser(row.into(USERS)), toSession(row.into(SESSIONS))));
    }

    @Override
    public void touch(Session session, Instant lastSeenAt, Instant idleExpiresAt) {
        db.update(SESSIONS)
                .set(SESSIONS.LAST_SEEN_AT, lastSeenAt)
                .set(SESSIONS.IDLE_EXPIRES_AT, idleExpiresAt)
                .where(SESSIONS.ID_HASH.eq(session.idHash()))
                .execute();
    }

    @Override
    public void delete(String idHash) {
        db.deleteFrom(SESSIONS).where(SESSIONS.ID_HASH.eq(idHash)).execute();
    }

    @Override
    public List<Session> findAllForUser(long userId) {
        return db.selectFrom(SESSIONS).where(SESSIONS.USER_ID.eq(userId)).fetch(DatabaseSessionStore::toSession);
    }

    @Override
    public int deleteAllForUser(long userId) {
        return db.deleteFrom(SESSIONS).where(SESSIONS.USER_ID.eq(userId)).execute();
    }

    @Override
    public int deleteAllForUserExcept(long userId, String keptIdHash) {
        return db.deleteFrom(SESSIONS).where(SESSIONS.USER_ID.eq(userId), SESSIONS.ID_HASH.ne(keptIdHash)).execute();
    }

    @Override
    public int deleteExpired(Instant now) {
        return db.deleteFrom(SESSIONS)
                .where(SESSIONS.IDLE_EXPIRES_AT.le(now).or(SESSIONS.EXPIRES_AT.le(now)))
                .execute();
    }

    @Override
    public long countActive(Instant now) {
        return db.fetchCount(SESSIONS, SESSIONS.IDLE_EXPIRES_AT.gt(now).and(SESSIONS.EXPIRES_AT.gt(now)));
    }

    private static Session toSession(SessionsRecord r) {
        return new Session(r.getIdHash(), r.getUserId(), r.getCsrfToken(), r.getCreatedAt(), r.getLastSeenAt(),
                r.getIdleExpiresAt(), r.getExpiresAt(), r.getAuthAt(), Amr.parse(r.getAmr()), r.getPending(),
                r.getRemember(), r.getIp(), r.getUserAgent());
    }
}
