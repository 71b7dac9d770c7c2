package carafe.admin;

import static carafe.db.schema.Tables.AUDIT_EVENTS;

import carafe.audit.AuditEvent;
import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.ApiTokens;
import carafe.auth.SecondFactorGate;
import carafe.auth.Sessions;
import carafe.auth.User;
import carafe.auth.UserRepository;
import carafe.web.Conflict;
import carafe.web.NotFound;
import carafe.web.ValidationFailed;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.impl.DSL;

/**
 * What an administrator can do to accounts, for the admin API and pages alike: find users, change their
 * roles, (de)activate and delete them. Every change is an audit event with the admin as actor, and no
 * change may leave the site without an active administrator.
 */
public final class AdminUsers {
    public static final int DEFAULT_PAGE_SIZE = 20;
    public static final int MAX_PAGE_SIZE = 100;
    static final int MAX_SEARCH_LENGTH = 200;

    private final DSLContext db;
    private final UserRepository users;
    private final Sessions sessions;
    private final ApiTokens apiTokens;
    private final AuditLog audit;
    private final Clock clock;
    private final SecondFactorGate secondFactors;

    public AdminUsers(DSLContext db, Sessions sessions, ApiTokens apiTokens, AuditLog audit, SecondFactorGate secondFactors,
                      Clock clock) {
        this.db = db;
        this.users = new UserRepository(db);
        this.sessions = sessions;
        this.apiTokens = apiTokens;
        this.audit = audit;
        this.clock = clock;
        this.secondFactors = secondFactors;
    }

    public Listing<User> list(String search, int limit, String cursor) {
        checkLimit(limit);
        String query = search == null || search.isBlank() ? null : search.strip();
        if (query != null && query.length() > MAX_SEARCH_LENGTH) {
            throw new ValidationFailed("q", "must be at most " + MAX_SEARCH_LENGTH + " characters");
        }
        Long before = cursor == null || cursor.isEmpty() ? null : UserCursor.decode(UserCursor.USERS, cursor).id();
        // One more than asked tells whether there is a next page without a second query.
        List<User> found = users.page(before, query, limit + 1);
        if (found.size() <= limit) return new Listing<>(found, null);
        List<User> items = List.copyOf(found.subList(0, limit));
        return new Listing<>(items, new UserCursor(UserCursor.USERS, items.getLast().id()).encode());
    }

    public UserDetail get(long userId) {
        User user = users.findById(userId).orElseThrow(AdminUsers::noSuchUser);
        return UserDetail.of(user, sessions.listFor(userId).size(), secondFactors.hasSecondFactor(userId));
    }

    /**
     * Applies a change. New roles end the user's sessions (they sign in again under the new roles);
     * deactivating ends their sessions and deletes their API tokens at once. {@code actorId} is the
     * admin, or null for the operator at the command line.
     */
    public UserDetail change(Long actorId, long userId, UserChange change, RequestOrigin origin) {
        List<String> roles = change.roles() == null ? null : validRoles(change.roles());
        var before = db.transactionResult(tx -> {
            var repository = new UserRepository(tx.dsl());
            User user = repository.findById(userId).orElseThrow(AdminUsers::noSuchUser);
            boolean staysAdmin = roles == null ? user.roles().contains(User.ADMIN) : roles.contains(User.ADMIN);
            boolean staysActive = change.active() == null ? user.active() : change.active();
            if (!(staysAdmin && staysActive)) refuseLastAdmin(repository, user, actorId);
            var log = new AuditLog(tx.dsl(), clock);
            var now = clock.instant();
            if (roles != null && !roles.equals(user.roles())) {
                repository.setRoles(userId, roles, now);
                log.record(userId, actorId, AuditType.ROLE_CHANGED, origin, String.join(",", roles));
            }
            if (change.active() != null && change.active() != user.active()) {
                repository.setActive(userId, change.active(), now);
                log.record(userId, actorId, change.active() ? AuditType.ACTIVATED : AuditType.DEACTIVATED, origin, null);
            }
            return user;
        });
        // After the commit: sessions and tokens are written through other connections.
        boolean rolesChanged = roles != null && !roles.equals(before.roles());
        boolean deactivated = Boolean.FALSE.equals(change.active()) && before.active();
        if (rolesChanged || deactivated) sessions.endAllFor(userId);
        if (deactivated) apiTokens.revokeAllFor(userId);
        return get(userId);
    }

    /**
     * Deletes the user and, by ON DELETE CASCADE in the same statement, everything they own in the
     * database; then ends their sessions, which may live outside it (Redis).
     */
    public void delete(Long actorId, long userId, RequestOrigin origin) {
        db.transaction(tx -> {
            var repository = new UserRepository(tx.dsl());
            User user = repository.findById(userId).orElseThrow(AdminUsers::noSuchUser);
            if (user.active() && user.roles().contains(User.ADMIN)) refuseLastAdmin(repository, user, actorId);
            repository.delete(userId);
            // The user's own events went with them; this one, by the actor, stays (no email: it is gone).
            new AuditLog(tx.dsl(), clock).record(null, actorId, AuditType.USER_DELETED, origin, "user " + userId);
        });
        sessions.endAllFor(userId);
    }

    /** Audit events, newest first, of one user when {@code userId} is given. */
    public Listing<AuditEvent> audit(Long userId, int limit, String cursor) {
        checkLimit(limit);
        Condition condition = DSL.noCondition();
        if (userId != null) condition = condition.and(AUDIT_EVENTS.USER_ID.eq(userId));
        if (cursor != null && !cursor.isEmpty()) {
            condition = condition.and(AUDIT_EVENTS.ID.lt(UserCursor.decode(UserCursor.AUDIT, cursor).id()));
        }
        List<AuditEvent> found = db.selectFrom(AUDIT_EVENTS).where(condition).orderBy(AUDIT_EVENTS.ID.desc())
                .limit(limit + 1)
                .fetch(r -> new AuditEvent(r.getId(), r.getUserId(), r.getActorId(), r.getType(), r.getIp(),
                        r.getUserAgent(), r.getDetail(), r.getCreatedAt()));
        if (found.size() <= limit) return new Listing<>(found, null);
        List<AuditEvent> items = List.copyOf(found.subList(0, limit));
        return new Listing<>(items, new UserCursor(UserCursor.AUDIT, items.getLast().id()).encode());
    }

    /** The roles in a stable order, each known, at least one; {@code user} is implied and always kept. */
    static List<String> validRoles(List<String> given) {
        var roles = new LinkedHashSet<String>();
        roles.add(User.USER);
        for (String role : given) {
            if (role == null || !User.ROLES.contains(role)) {
                throw new ValidationFailed("roles", "may only contain " + String.join(" and ", List.of(User.USER, User.ADMIN)));
            }
            roles.add(role);
        }
        return new ArrayList<>(roles);
    }

    private static void refuseLastAdmin(UserRepository repository, User user, Long actorId) {
        var admins = repository.lockActiveAdmins();
        if (admins.contains(user.id()) && admins.size() == 1) {
            throw new Conflict(actorId != null && user.id() == actorId
                    ? "You are the last active administrator: make someone else an administrator first."
                    : "This is the last active administrator: make someone else an administrator first.");
        }
    }

    private static void checkLimit(int limit) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new ValidationFailed("limit", "must be a whole number from 1 to " + MAX_PAGE_SIZE);
        }
    }

    private static NotFound noSuchUser() {
        return new NotFound("No such user.");
    }
}
