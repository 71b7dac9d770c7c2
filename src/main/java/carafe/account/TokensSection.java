package carafe.account;

import carafe.auth.ApiToken;
import carafe.auth.ApiTokens;
import carafe.auth.NewApiToken;
import carafe.web.FormState;
import carafe.web.Times;
import java.time.Clock;
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
    /** The user's tokens now, with the create form as given and the token just created (or null). */
    static TokensSection of(ApiTokens apiTokens, long userId, FormState form, NewApiToken created, Clock clock) {
        return new TokensSection(apiTokens.list(userId), form, created, clock.instant());
    }

    private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM yyyy").withZone(ZoneOffset.UTC);

    public boolean isExpired(ApiToken token) {
        return token.isExpiredAt(now);
    }

    public String createdOn(ApiToken token) {
        return "created " + DAY.format(token.createdAt());
    }

    public String lastUsed(ApiToken token) {
        return token.lastUsedAt() == null ? "never used" : "last used " + Times.when(token.lastUsedAt());
    }

    public String expiry(ApiToken token) {
        return (isExpired(token) ? "expired " : "expires ") + DAY.format(token.expiresAt());
    }
}
