package carafe.auth;

import java.time.Instant;
import java.util.List;

/** An account as the application sees it; the password hash stays in {@link UserRepository}. */
public record User(long id, String email, String name, List<String> roles, boolean active,
                   Instant emailConfirmedAt, Instant createdAt, Instant lastLoginAt, int loginCount) {}
