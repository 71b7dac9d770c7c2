package carafe.audit;

import static carafe.db.schema.Tables.AUDIT_EVENTS;

import carafe.web.Text;
import java.time.Clock;
import java.util.List;
import org.jooq.DSLContext;

/**
 * The security audit trail ({@code audit_events}): sign-ins and failures, password and email changes,
 * revoked sessions and tokens. Never holds passwords, tokens or the text a user typed as an email.
 */
public final class AuditLog {
    private final DSLContext db;
    private final Clock clock;

    public AuditLog(DSLContext db, Clock clock) {
        this.db = db;
        this.clock = clock;
    }

    /** Records something the user did themselves. {@code userId} is null when no account matched. */
    public void record(Long userId, AuditType type, RequestOrigin origin) {
        record(userId, null, type, origin, null);
    }

    /** Records an event; {@code actorId} is who acted when not the user (an admin), {@code detail} a short note. */
    public void record(Long userId, Long actorId, AuditType type, RequestOrigin origin, String detail) {
        db.insertInto(AUDIT_EVENTS)
                .set(AUDIT_EVENTS.USER_ID, userId)
                .set(AUDIT_EVENTS.ACTOR_ID, actorId)
                .set(AUDIT_EVENTS.TYPE, type.code())
                .set(AUDIT_EVENTS.IP, Text.truncate(origin.ip(), 64))
                .set(AUDIT_EVENTS.USER_AGENT, Text.truncate(origin.userAgent(), 512))
                .set(AUDIT_EVENTS.DETAIL, Text.truncate(detail, 500))
                .set(AUDIT_EVENTS.CREATED_AT, clock.instant())
                .execute();
    }

    /** A user's own events, newest first. */
    public List<AuditEvent> recentFor(long userId, int limit) {
        return db.selectFrom(AUDIT_EVENTS)
                .where(AUDIT_EVENTS.USER_ID.eq(userId))
                .orderBy(AUDIT_EVENTS.ID.desc())
                .limit(limit)
                .fetch(r -> new AuditEvent(r.getId(), r.getUserId(), r.getActorId(), r.getType(), r.getIp(),
                        r.getUserAgent(), r.getDetail(), r.getCreatedAt()));
    }

}
