package carafe.audit;

import java.time.Instant;

/** One security event as stored; {@code type} is an {@link AuditType#code()}, kept as text so old rows always read. */
public record AuditEvent(long id, Long userId, Long actorId, String type, String ip, String userAgent, String detail,
                         Instant createdAt) {

    /** "password changed" for known types; the stored code otherwise. */
    public String label() {
        return type.replace('_', ' ');
    }
}
