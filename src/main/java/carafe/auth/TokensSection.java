package carafe.auth;

import carafe.web.FormState;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * What the API tokens part of the account page ({@code account/_tokens.jte}) shows: the user's tokens,
 * the create form as submitted (values and errors), and the token just created, whose secret is shown
 * this once (null otherwise). {@code now} tells expired tokens apart.
 */
public record TokensSection(List<ApiToken> tokens, FormState form, NewApiToken created, Instant now) {
    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter WHEN = DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'")
            .withZone(ZoneOffset.UTC);

    public boolean isExpired(ApiToken token) {
        return token.isExpiredAt(now);
    }

    public String createdOn(ApiToken token) {
        return "created " + DAY.format(token.createdAt());
    }

    public String lastUsed(ApiToken token) {
        return token.lastUsedAt() == null ? "never used" : "last used " + WHEN.format(token.lastUsedAt());
    }

    public String expiry(ApiToken token) {
        return (isExpired(token) ? "expired " : "expires ") + DAY.format(token.expiresAt());
    }
}
