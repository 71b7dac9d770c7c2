package carafe.auth;

import static carafe.db.schema.Tables.USERS;

import carafe.db.RenderedQuery;
import carafe.db.schema.tables.records.UsersRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.jooq.Condition;
import org.jooq.Field;
import org.jooq.impl.DSL;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/** The {@code users} table. Emails arrive here already normalised. */
public final class UserRepository {
    /**
     * The columns a {@link User} is made of ({@link #toUser}): what the per-request lookups read, so
     * neither the password hash nor bookkeeping columns travel with every request.
     */
    static final List<Field<?>> USER_COLUMNS = List.of(USERS.ID, USERS.EMAIL, USERS.NAME, USERS.ROLES, USERS.ACTIVE,
            USERS.EMAIL_CONFIRMED_AT, USERS.CREATED_AT, USERS.LAST_LOGIN_AT, USERS.LOGIN_COUNT);

    private final DSLContext db;
    /** By id: every request signed in with an API token, or with a session kept in Redis, reads it. */
    private final RenderedQuery byId;
    /** By email, with the hash: every sign-in reads it (rendering its queries was the largest part of the sign-in handler's own time). */
    private final RenderedQuery byEmail;

    /** The password hash of an account that has no password (made by an identity provider): nothing matches it. */
    public static final String NO_PASSWORD = "";

    public UserRepository(DSLContext db) {
        this.db = db;
        this.byId = new RenderedQuery(db, db.select(USER_COLUMNS).from(USERS).where(USERS.ID.eq(DSL.param("id", Long.class))));
        this.byEmail = new RenderedQuery(db, db.selectFrom(USERS).where(USERS.EMAIL.eq(DSL.param("email", String.class))));
    }

    /** A user row with its password hash, for sign-in only. */
    public record Credentials(User user, String passwordHash) {}

    /** Thrown when the email is already in use: the unique index decides, so concurrent sign-ups cannot both win. */
    public static final class EmailTaken extends RuntimeException {
        public EmailTaken() {
            super(null, null, false, false);
        }
    }

    public User insert(String email, String name, String passwordHash, Instant now) {
        try {
            return db.insertInto(USERS)
                    .set(USERS.EMAIL, email)
                    .set(USERS.NAME, name)
                    .set(USERS.PASSWORD_HASH, passwordHash)
                    .set(USERS.ROLES, "user")
                    .set(USERS.ACTIVE, true)
                    .set(USERS.CREATED_AT, now)
                    .set(USERS.UPDATED_AT, now)
                    .returning()
                    .fetchOne(UserRepository::toUser);
        } catch (IntegrityConstraintViolationException e) {
            throw new EmailTaken();
        }
    }

    public Optional<User> findById(long id) {
        return byId.fetchFirst(id).map(row -> toUser(row.into(USERS)));
    }

    public Optional<Credentials> findCredentials(String email) {
        return byEmail.fetchFirst(email).map(row -> row.into(USERS)).map(r -> new Credentials(toUser(r), r.getPasswordHash()));
    }

    public Optional<String> findPasswordHash(long userId) {
        return db.select(USERS.PASSWORD_HASH).from(USERS).where(USERS.ID.eq(userId)).fetchOptional(USERS.PASSWORD_HASH);
    }

    public void replacePasswordHash(long userId, String passwordHash, Instant now) {
        db.update(USERS)
                .set(USERS.PASSWORD_HASH, passwordHash)
                .set(USERS.UPDATED_AT, now)
                .where(USERS.ID.eq(userId))
                .execute();
    }

    public Optional<User> findByEmail(String email) {
        return db.selectFrom(USERS).where(USERS.EMAIL.eq(email)).fetchOptional(UserRepository::toUser);
    }

    public void rename(long userId, String name, Instant now) {
        db.update(USERS).set(USERS.NAME, name).set(USERS.UPDATED_AT, now).where(USERS.ID.eq(userId)).execute();
    }

    /**
     * Marks the address confirmed, but only while it is still the user's address: a link sent to an
     * address the user has since changed away from confirms nothing. True when it did.
     */
    public boolean confirmEmail(long userId, String email, Instant now) {
        return db.update(USERS)
                .set(USERS.EMAIL_CONFIRMED_AT, now)
                .set(USERS.UPDATED_AT, now)
                .where(USERS.ID.eq(userId), USERS.EMAIL.eq(email))
                .execute() == 1;
    }

    /** Switches to a new address the user has just proved they own; the unique index settles races. */
    public void changeEmail(long userId, String newEmail, Instant now) {
        try {
            db.update(USERS)
                    .set(USERS.EMAIL, newEmail)
                    .set(USERS.EMAIL_CONFIRMED_AT, now)
                    .set(USERS.UPDATED_AT, now)
                    .where(USERS.ID.eq(userId))
                    .execute();
        } catch (IntegrityConstraintViolationException e) {
            throw new EmailTaken();
        }
    }

    public void recordLogin(long userId, Instant now) {
        db.update(USERS)
                .set(USERS.LAST_LOGIN_AT, now)
                .set(USERS.LOGIN_COUNT, USERS.LOGIN_COUNT.plus(1))
                .set(USERS.FAILED_LOGINS, 0)
                .where(USERS.ID.eq(userId))
                .execute();
    }

    /**
     * Up to {@code limit} users, newest first, with ids below {@code beforeId} when given, whose email or
     * name contains {@code search} (any case; LIKE wildcards in it are taken literally).
     */
    public List<User> page(Long beforeId, String search, int limit) {
        Condition condition = DSL.noCondition();
        if (beforeId != null) condition = condition.and(USERS.ID.lt(beforeId));
        if (search != null) {
            condition = condition.and(USERS.EMAIL.containsIgnoreCase(search).or(USERS.NAME.containsIgnoreCase(search)));
        }
        return db.selectFrom(USERS).where(condition).orderBy(USERS.ID.desc()).limit(limit).fetch(UserRepository::toUser);
    }

    /** Every user, oldest first; only admins when {@code adminsOnly}. */
    public List<User> all(boolean adminsOnly) {
        return db.selectFrom(USERS).orderBy(USERS.ID).fetch(UserRepository::toUser).stream()
                .filter(user -> !adminsOnly || user.roles().contains(User.ADMIN))
                .toList();
    }

    /**
     * The active administrators' ids. On PostgreSQL their rows stay locked until the transaction ends, so
     * two admins demoting each other at once cannot both pass the "last admin" check; SQLite transactions
     * already take the write lock when they begin.
     */
    public List<Long> lockActiveAdmins() {
        var query = db.selectFrom(USERS).where(USERS.ACTIVE.isTrue());
        var rows = db.dialect() == org.jooq.SQLDialect.POSTGRES ? query.forUpdate().fetch() : query.fetch();
        return rows.stream().map(UserRepository::toUser).filter(user -> user.roles().contains(User.ADMIN))
                .map(User::id).toList();
    }

    public void setRoles(long userId, List<String> roles, Instant now) {
        db.update(USERS).set(USERS.ROLES, String.join(",", roles)).set(USERS.UPDATED_AT, now)
                .where(USERS.ID.eq(userId)).execute();
    }

    public void setActive(long userId, boolean active, Instant now) {
        db.update(USERS).set(USERS.ACTIVE, active).set(USERS.UPDATED_AT, now).where(USERS.ID.eq(userId)).execute();
    }

    /** Deletes the user; their notes, sessions, tokens, links and audit events go with them (ON DELETE CASCADE). */
    public boolean delete(long userId) {
        return db.deleteFrom(USERS).where(USERS.ID.eq(userId)).execute() == 1;
    }

    /** Adds a user from another system as is: the hash may be bcrypt, upgraded at first sign-in. */
    public User insertImported(String email, String name, String passwordHash, boolean active, Instant confirmedAt,
                               List<String> roles, Instant now) {
        try {
            return db.insertInto(USERS)
                    .set(USERS.EMAIL, email)
                    .set(USERS.NAME, name)
                    .set(USERS.PASSWORD_HASH, passwordHash)
                    .set(USERS.ROLES, String.join(",", roles))
                    .set(USERS.ACTIVE, active)
                    .set(USERS.EMAIL_CONFIRMED_AT, confirmedAt)
                    .set(USERS.CREATED_AT, now)
                    .set(USERS.UPDATED_AT, now)
                    .returning()
                    .fetchOne(UserRepository::toUser);
        } catch (IntegrityConstraintViolationException e) {
            throw new EmailTaken();
        }
    }

    static User toUser(UsersRecord r) {
        return new User(r.getId(), r.getEmail(), r.getName(), Arrays.asList(r.getRoles().split(",")), r.getActive(),
                r.getEmailConfirmedAt(), r.getCreatedAt(), r.getLastLoginAt(), r.getLoginCount());
    }
}
