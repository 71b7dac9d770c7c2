package carafe.auth;

import carafe.throttle.Limit;
import java.time.Duration;

/**
 * The rate limits on signing in and on the other unauthenticated account actions, each per account,
 * per email address or per client address. The defaults and their reasons:
 * docs/decisions/0010-throttling.md.
 */
public record AuthLimits(
        Limit loginFailuresPerAccount,
        Limit loginFailuresPerClient,
        Limit registrationsPerClient,
        Limit forgotPasswordPerClient,
        Limit forgotPasswordPerAddress,
        Limit resetPasswordPerClient,
        Limit confirmResendPerClient,
        Limit confirmResendPerAddress,
        Limit secondFactorFailuresPerAccount,
        Limit emailCodesPerClient,
        Limit emailCodesPerAccount) {

    public static final AuthLimits DEFAULTS = new AuthLimits(
            Limit.of(5, Duration.ofMinutes(15)),
            Limit.of(50, Duration.ofMinutes(15)),
            Limit.of(10, Duration.ofHours(1)),
            Limit.of(5, Duration.ofHours(1)),
            // Reset mails asked for one email address, from any number of client addresses (ASVS 5.0 2.4.1:
            // anti-automation against excessive calls that lead to denial of service or overuse of costly
            // resources, here the victim's inbox and our mail relay). A person who lost a password asks
            // once or twice; 3 at once, then one every 20 minutes, holds a flood from many addresses to
            // 3 mails an hour, and the owner whose allowance an attacker used up waits at most 20 minutes.
            Limit.of(3, Duration.ofHours(1)),
            Limit.of(10, Duration.ofHours(1)),
            Limit.of(5, Duration.ofHours(1)),
            // Confirmation mails to one address: the same reasoning as reset mails.
            Limit.of(3, Duration.ofHours(1)),
            // SPEC §9: 5 wrong second factors per account in 15 minutes. A 6-digit code guessed at
            // that pace has a 1 in 8 chance in about 3 years of trying (ASVS 6.6.3 / 6.3.1).
            Limit.of(5, Duration.ofMinutes(15)),
            Limit.of(10, Duration.ofHours(1)),
            // SPEC §9: 5 sign-in codes an hour per account; each code has 5 tries, so at most 25 guesses
            // an hour at a one-in-10^8 code (ASVS 6.6.3), and at most 5 mails an hour in the inbox.
            Limit.of(5, Duration.ofHours(1)));
}
