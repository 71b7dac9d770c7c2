package carafe.auth;

import java.time.Instant;
import java.util.List;

/** An account as the application sees it; the password hash stays in {@link UserRepository}. */
public record User(long id, String email, String name, List<String> roles, boolean active,
                   Instant emailConfirmedAt, Instant createdAt, Instant lastLoginAt, int loginCount) {
    /** The roles there are; stored comma-separated in {@code users.roles}. */
    public static final String USER = "user";
    public static final String ADMIN = "admin";
    public static final java.util.Set<String> ROLES = java.util.Set.of(USER, ADMIN);
}
