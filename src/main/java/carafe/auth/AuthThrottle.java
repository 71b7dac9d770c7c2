package carafe.auth;

import carafe.throttle.BucketStore;
import carafe.throttle.RateLimit;
import carafe.web.ClientAddress;
import carafe.web.IpAddresses;
import carafe.web.TooManyRequests;
import io.javalin.http.Context;
import java.net.Inet6Address;
import java.time.Duration;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * Slows down password guessing and abuse of the unauthenticated account actions (SPEC §6, ASVS
 * 2.2.1, OWASP Authentication Cheat Sheet). Each method either returns or throws
 * {@link TooManyRequests} with Retry-After; handlers call it before the expensive or abusable work.
 *
 * <p>Client addresses are counted as {@link ClientAddress} sees them; IPv6 clients by their /64,
 * because one host usually has a whole /64 to pick addresses from.
 */
public final class AuthThrottle {
    private static final int IPV6_HOST_PREFIX = 64;

    private final RateLimit loginPerAccount;
    private final RateLimit loginPerClient;
    private final RateLimit registerPerClient;
    private final RateLimit forgotPerClient;
    private final RateLimit resetPerClient;
    private final RateLimit confirmResendPerClient;
    private final RateLimit secondFactorPerAccount;

    public AuthThrottle(AuthLimits limits, BucketStore store) {
        this.loginPerAccount = new RateLimit("login-account", limits.loginFailuresPerAccount(), store);
        this.loginPerClient = new RateLimit("login-client", limits.loginFailuresPerClient(), store);
        this.registerPerClient = new RateLimit("register-client", limits.registrationsPerClient(), store);
        this.forgotPerClient = new RateLimit("forgot-client", limits.forgotPasswordPerClient(), store);
        this.resetPerClient = new RateLimit("reset-client", limits.resetPasswordPerClient(), store);
        this.confirmResendPerClient = new RateLimit("confirm-resend-client", limits.confirmResendPerClient(), store);
        this.secondFactorPerAccount = new RateLimit("second-factor-account", limits.secondFactorFailuresPerAccount(), store);
    }

    /**
     * Runs a second-factor check (a code, a recovery code, a passkey) within the account's limit of
     * failed second factors (SPEC §9: 5 per 15 minutes; ASVS 6.3.1), taking a token before the check
     * like {@link #login}, so parallel guesses cannot all pass before a failure counts. A success
     * refills the bucket. Shared by every instance when the buckets are in Redis.
     */
    public boolean secondFactor(long userId, BooleanSupplier check) {
        String account = Long.toString(userId);
        refuseIfEmpty(secondFactorPerAccount.tryTake(account),
                "Too many wrong codes for this account. Try again in %s.");
        boolean passed;
        try {
            passed = check.getAsBoolean();
        } catch (RuntimeException notChecked) {
            secondFactorPerAccount.giveBack(account);
            throw notChecked;
        }
        if (passed) secondFactorPerAccount.reset(account);
        return passed;
    }

    /**
     * Runs a credentials check within the failed-sign-in limits of the account and of the client.
     * A token is taken from both before the check, not after a failure: otherwise a burst of parallel
     * guesses would all pass the check before any failure was counted. A success refills the
     * account's bucket and returns the client's token; a check that could not run (hashing
     * overloaded) returns both. Refused attempts cost no password hash.
     */
    public Optional<User> login(Context ctx, String email, Supplier<Optional<User>> credentialsCheck) {
        String account = EmailAddresses.normalize(email);
        String client = clientKey(ctx);
        refuseIfEmpty(loginPerAccount.tryTake(account),
                "Too many failed sign-ins for this account. Try again in %s.");
        var clientWait = loginPerClient.tryTake(client);
        if (clientWait.isPresent()) {
            loginPerAccount.giveBack(account);
            refuseIfEmpty(clientWait, "Too many failed sign-ins from your network. Try again in %s.");
        }
        Optional<User> user;
        try {
            user = credentialsCheck.get();
        } catch (RuntimeException notChecked) {
            loginPerAccount.giveBack(account);
            loginPerClient.giveBack(client);
            throw notChecked;
        }
        if (user.isPresent()) {
            loginPerAccount.reset(account);
            loginPerClient.giveBack(client);
        }
        return user;
    }

    /** Before creating an account (after its input is valid): sign-ups per client. */
    public void register(Context ctx) {
        refuseIfEmpty(registerPerClient.tryTake(clientKey(ctx)),
                "Too many sign-ups from your network. Try again in %s.");
    }

    /** Before sending a password-reset mail: requests per client. */
    public void forgotPassword(Context ctx) {
        refuseIfEmpty(forgotPerClient.tryTake(clientKey(ctx)),
                "Too many password reset requests from your network. Try again in %s.");
    }

    /** Before checking a reset token and hashing the new password: attempts per client. */
    public void resetPassword(Context ctx) {
        refuseIfEmpty(resetPerClient.tryTake(clientKey(ctx)),
                "Too many password reset attempts from your network. Try again in %s.");
    }

    /** Before sending another confirmation mail: requests per client. */
    public void confirmResend(Context ctx) {
        refuseIfEmpty(confirmResendPerClient.tryTake(clientKey(ctx)),
                "Too many confirmation emails requested from your network. Try again in %s.");
    }

    private static void refuseIfEmpty(Optional<Duration> wait, String message) {
        if (wait.isPresent()) throw new TooManyRequests(message.formatted(inWords(wait.get())), wait.get());
    }

    /** The client as limits count it: its address, or its /64 for IPv6. */
    private static String clientKey(Context ctx) {
        String address = ClientAddress.of(ctx);
        return IpAddresses.parse(address)
                .filter(Inet6Address.class::isInstance)
                .map(ipv6 -> IpAddresses.format(IpAddresses.network(ipv6, IPV6_HOST_PREFIX)) + "/" + IPV6_HOST_PREFIX)
                .orElse(address);
    }

    /** "45 seconds", "3 minutes", "2 hours": rounded up, so the advice is never too early. */
    static String inWords(Duration wait) {
        long seconds = Math.max(1, (wait.toMillis() + 999) / 1000);
        if (seconds < 60) return plural(seconds, "second");
        long minutes = (seconds + 59) / 60;
        if (minutes < 120) return plural(minutes, "minute");
        return plural((minutes + 59) / 60, "hour");
    }

    private static String plural(long n, String unit) {
        return n + " " + unit + (n == 1 ? "" : "s");
    }

    /** A throttled form is shown again with 429 and the problem's Retry-After, so scripts can wait too. */
    public static Context refused(Context ctx, TooManyRequests tooMany) {
        tooMany.headers().forEach(ctx::header);
        return ctx.status(tooMany.status());
    }
}
