package carafe.account;

import carafe.auth.Session;
import carafe.web.BrowserName;
import java.time.Instant;

/** One signed-in device in the account's session list; {@code current} marks the one asking. */
public record SessionView(String id, Instant createdAt, Instant lastSeenAt, String ip, String userAgent,
                          String browser, boolean current, boolean remembered) {
    static SessionView of(Session session, Session asking) {
        return new SessionView(session.publicId(), session.createdAt(), session.lastSeenAt(), session.ip(),
                session.userAgent(), BrowserName.of(session.userAgent()),
                asking != null && session.idHash().equals(asking.idHash()), session.remember());
    }
}
