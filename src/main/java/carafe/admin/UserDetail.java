package carafe.admin;

import carafe.auth.User;
import java.time.Instant;
import java.util.List;

/**
 * A user as an administrator sees them: the account, its state, how many sessions are live and whether
 * a second factor is on.
 */
public record UserDetail(long id, String email, String name, List<String> roles, boolean active,
                         Instant emailConfirmedAt, Instant createdAt, Instant lastLoginAt, int loginCount,
                         long activeSessions, boolean secondFactor) {
    static UserDetail of(User user, long activeSessions, boolean secondFactor) {
        return new UserDetail(user.id(), user.email(), user.name(), user.roles(), user.active(),
                user.emailConfirmedAt(), user.createdAt(), user.lastLoginAt(), user.loginCount(), activeSessions,
                secondFactor);
    }
}
