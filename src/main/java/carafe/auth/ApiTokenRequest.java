package carafe.auth;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * What a user sends to create an API token: a name to recognise it by and, optionally, how many days it
 * lives ({@value ApiTokens#DEFAULT_LIFETIME_DAYS} when left out). Days rather than a date: no time zone
 * to get wrong, and every token expires (docs/decisions/0012-api-tokens.md).
 */
public record ApiTokenRequest(
        @NotBlank(message = "is required") @Size(max = 100, message = "must be at most {max} characters") String name,
        @Min(value = 1, message = "must be a whole number from 1 to " + ApiTokens.MAX_LIFETIME_DAYS)
        @Max(value = ApiTokens.MAX_LIFETIME_DAYS, message = "must be a whole number from 1 to " + ApiTokens.MAX_LIFETIME_DAYS)
        Integer expiresInDays) {

    int lifetimeDays() {
        return expiresInDays == null ? ApiTokens.DEFAULT_LIFETIME_DAYS : expiresInDays;
    }
}
