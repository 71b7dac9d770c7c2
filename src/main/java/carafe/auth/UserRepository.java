package carafe.auth;

import static carafe.db.schema.Tables.USERS;

import carafe.db.schema.tables.records.UsersRecord;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.exception.IntegrityConstraintViolationException;

/** The {@code users} table. Emails arrive here already normalised. */
public final class UserRepository {
    private final DSLContext db;

    public UserRepository(DSLContext db) {
        this.db = db;
    }

    /** A user row with its password hash, for sign-in only. */
    public record Credentials(User user, String passwordHash) {}

    /** Thrown when the email is already in use: the unique index decides, so concurrent sign-ups cannot both win. */
    public static final class EmailTaken extends RuntimeException {
        EmailTaken() {
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
        return db.selectFrom(USERS).where(USERS.ID.eq(id)).fetchOptional(UserRepository::toUser);
    }

    public Optional<Credentials> findCredentials(String email) {
        return db.selectFrom(USERS).where(USERS.EMAIL.eq(email))
                .fetchOptional(r -> new Credentials(toUser(r), r.getPasswordHash()));
    }

    public void replacePasswordHash(long userId, String passwordHash, Instant now) {
        db.update(USERS)
                .set(USERS.PASSWORD_HASH, passwordHash)
                .set(USERS.UPDATED_AT, now)
                .where(USERS.ID.eq(userId))
                .execute();
    }

    public void recordLogin(long userId, Instant now) {
        db.update(USERS)
                .set(USERS.LAST_LOGIN_AT, now)
                .set(USERS.LOGIN_COUNT, USERS.LOGIN_COUNT.plus(1))
                .set(USERS.FAILED_LOGINS, 0)
                .where(USERS.ID.eq(userId))
                .execute();
    }

    static User toUser(UsersRecord r) {
        return new User(r.getId(), r.getEmail(), r.getName(), Arrays.asList(r.getRoles().split(",")), r.getActive(),
                r.getEmailConfirmedAt(), r.getCreatedAt(), r.getLastLoginAt(), r.getLoginCount());
    }
}
