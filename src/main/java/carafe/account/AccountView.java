package carafe.account;

import carafe.auth.User;
import java.time.Instant;
import java.util.List;

/** The signed-in user's own account as {@code /api/account} shows it: more than others ever see. */
public record AccountView(long id, String email, String name, List<String> roles, boolean emailConfirmed,
                          String pendingEmail, boolean hasPassword, Instant createdAt, Instant lastLoginAt,
                          int loginCount) {
    static AccountView of(User user, String pendingEmail, boolean hasPassword) {
        return new AccountView(user.id(), user.email(), user.name(), user.roles(), user.emailConfirmedAt() != null,
                pendingEmail, hasPassword, user.createdAt(), user.lastLoginAt(), user.loginCount());
    }
}
