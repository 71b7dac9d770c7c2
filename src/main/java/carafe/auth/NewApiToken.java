package carafe.auth;

import java.time.Instant;

/** The answer to creating an API token: the token and, this once, its secret ({@code token}). */
public record NewApiToken(long id, String name, Instant createdAt, Instant lastUsedAt, Instant expiresAt, String token) {
    static NewApiToken of(ApiToken created, String secret) {
        return new NewApiToken(created.id(), created.name(), created.createdAt(), created.lastUsedAt(),
                created.expiresAt(), secret);
    }
}
