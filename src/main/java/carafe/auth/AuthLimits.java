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
        Limit confirmResendPerClient,
        Limit secondFactorFailuresPerAccount) {

    public static final AuthLimits DEFAULTS = new AuthLimits(
            Limit.of(5, Duration.ofMinutes(15)),
            Limit.of(50, Duration.ofMinutes(15)),
            Limit.of(10, Duration.ofHours(1)),
            Limit.of(5, Duration.ofHours(1)),
            Limit.of(10, Duration.ofHours(1)),
            Limit.of(5, Duration.ofHours(1)),
            // SPEC §9: 5 wrong second factors per account in 15 minutes. A 6-digit code guessed at
            // that pace has a 1 in 8 chance in about 3 years of trying (ASVS 6.6.3 / 6.3.1).
            Limit.of(5, Duration.ofMinutes(15)));
}
