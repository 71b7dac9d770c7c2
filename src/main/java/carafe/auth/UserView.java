package carafe.auth;

import java.time.Instant;
import java.util.List;

/** A user as the API shows it. */
public record UserView(long id, String email, String name, List<String> roles, boolean emailConfirmed,
                       Instant createdAt) {
    public static UserView of(User user) {
        return new UserView(user.id(), user.email(), user.name(), user.roles(), user.emailConfirmedAt() != null,
                user.createdAt());
    }
}
