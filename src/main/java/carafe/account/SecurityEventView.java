package carafe.account;

import carafe.audit.AuditEvent;
import java.time.Instant;

/** One of the user's own security events, as the account API and page show it. */
public record SecurityEventView(String type, String description, Instant at, String ip, String userAgent,
                                String detail) {
    static SecurityEventView of(AuditEvent event) {
        return new SecurityEventView(event.type(), event.label(), event.createdAt(), event.ip(), event.userAgent(),
                event.detail());
    }
}
