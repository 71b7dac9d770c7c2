package carafe.auth;

import carafe.throttle.Limit;
import java.time.Duration;

/**
 * The rate limits on signing in and on the other unauthenticated account actions, each per account
 * or per client address. The defaults and their reasons: docs/decisions/0010-throttling.md.
 */
public record AuthLimits(
        Limit loginFailuresPerAccount,
        Limit loginFailuresPerClient,
        Limit registrationsPerClient,
        Limit forgotPasswordPerClient,
        Limit resetPasswordPerClient,
        Limit confirmResendPerClient) {

    public static final AuthLimits DEFAULTS = new AuthLimits(
            Limit.of(5, Duration.ofMinutes(15)),
            Limit.of(50, Duration.ofMinutes(15)),
            Limit.of(10, Duration.ofHours(1)),
            Limit.of(5, Duration.ofHours(1)),
            Limit.of(10, Duration.ofHours(1)),
            Limit.of(5, Duration.ofHours(1)));
}
