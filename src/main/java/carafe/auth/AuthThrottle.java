package carafe.auth;

import carafe.throttle.BucketStore;
import carafe.throttle.RateLimit;
import carafe.throttle.Refusals;
import carafe.web.ClientAddress;
import carafe.web.IpAddresses;
import carafe.web.SignedValues;
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
 * because one host usually has a whole /64 to pick addresses from. Email addresses (an account's, or
 * one a mail is asked for) are counted by a keyed hash of their normalised form, so none is stored as
 * a bucket's key, in memory or in Redis.
 */
public final class AuthThrottle {
    private static final int IPV6_HOST_PREFIX = 64;
    private static final String ADDRESS_KEY_PURPOSE = "carafe: email addresses in rate limits";

    private final RateLimit loginPerAccount;
    private final RateLimit loginPerClient;
    private final RateLimit registerPerClient;
    private final RateLimit resetPerClient;
    private final RateLimit secondFactorPerAccount;
    private final MailLimit forgotMails;
    private final MailLimit confirmationMails;
    private final MailLimit signInCodeMails;
    private final SignedValues addresses;

    /**
     * @param secretKey CARAFE_SECRET_KEY, from which the key that hashes email addresses is derived
     * @param refusals what counts the requests each limit refuses; the limits are named as their
     *                 settings are (login_account for CARAFE_LIMIT_LOGIN_ACCOUNT), email_code_account aside
     */
    public AuthThrottle(AuthLimits limits, BucketStore store, String secretKey, Refusals refusals) {
        this.loginPerAccount = new RateLimit("login_account", limits.loginFailuresPerAccount(), store, refusals);
        this.loginPerClient = new RateLimit("login_ip", limits.loginFailuresPerClient(), store, refusals);
        this.registerPerClient = new RateLimit("register_ip", limits.registrationsPerClient(), store, refusals);
        this.resetPerClient = new RateLimit("reset_ip", limits.resetPasswordPerClient(), store, refusals);
        this.secondFactorPerAccount = new RateLimit("mfa_account", limits.secondFactorFailuresPerAccount(), store, refusals);
        this.forgotMails = new MailLimit(
                new RateLimit("forgot_ip", limits.forgotPasswordPerClient(), store, refusals),
                "Too many password reset requests from your network. Try again in %s.",
                new RateLimit("forgot_email", limits.forgotPasswordPerAddress(), store, refusals),
                "Too many password reset requests for this address. Try again in %s.");
        this.confirmationMails = new MailLimit(
                new RateLimit("confirm_resend_ip", limits.confirmResendPerClient(), store, refusals),
                "Too many confirmation emails requested from your network. Try again in %s.",
                new RateLimit("confirm_resend_email", limits.confirmResendPerAddress(), store, refusals),
                "Too many confirmation emails requested for this address. Try again in %s.");
        this.signInCodeMails = new MailLimit(
                new RateLimit("email_code_ip", limits.emailCodesPerClient(), store, refusals),
                "Too many sign-in codes asked for from your network. Try again in %s.",
                new RateLimit("email_code_account", limits.emailCodesPerAccount(), store, refusals),
                "Too many sign-in codes asked for this address. Try again in %s.");
        // A key of its own: a plain hash would not hide an address, since addresses can be guessed and
        // a list of them hashed finds the one behind a key; every instance sharing the secret key
        // agrees on the hash, so the buckets in Redis are shared as before.
        this.addresses = new SignedValues(DerivedKeys.derive(secretKey, ADDRESS_KEY_PURPOSE));
    }

    /**
     * The limits on one kind of mail: per client, and per email address asked for, so neither one
     * client spraying addresses nor many clients aiming at one inbox can send many.
     */
    private record MailLimit(RateLimit perClient, String fromClient, RateLimit perAddress, String forAddress) {}

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
        String account = addressKey(email);
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

    /**
     * Before sending a password-reset mail: requests per client and per address asked for. Every address
     * counts, whether or not an account has it, so the 429 is the same for both and the answer still
     * says nothing about which addresses have accounts (ASVS 6.3.8).
     */
    public void forgotPassword(Context ctx, String email) {
        take(forgotMails, ctx, email);
    }

    /** Before checking a reset token and hashing the new password: attempts per client. */
    public void resetPassword(Context ctx) {
        refuseIfEmpty(resetPerClient.tryTake(clientKey(ctx)),
                "Too many password reset attempts from your network. Try again in %s.");
    }

    /** Before sending another confirmation mail to {@code email}: requests per client and per address. */
    public void confirmResend(Context ctx, String email) {
        take(confirmationMails, ctx, email);
    }

    /**
     * Before mailing a sign-in code: codes per client and per account (SPEC §9). The account is counted
     * by the address asked for, whether or not an account has it, so a 429 says nothing about that
     * (ASVS 6.3.8).
     */
    public void emailCode(Context ctx, String email) {
        take(signInCodeMails, ctx, email);
    }

    /**
     * A token from the client's bucket, then from the address's; a request the address's limit refuses
     * gives the client's token back, as it sends nothing.
     */
    private void take(MailLimit mail, Context ctx, String email) {
        String client = clientKey(ctx);
        refuseIfEmpty(mail.perClient().tryTake(client), mail.fromClient());
        var addressWait = mail.perAddress().tryTake(addressKey(email));
        if (addressWait.isPresent()) {
            mail.perClient().giveBack(client);
            refuseIfEmpty(addressWait, mail.forAddress());
        }
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

    /** An email address as limits count it: a keyed hash of its normalised form, never the address. */
    private String addressKey(String email) {
        return addresses.sign("address", EmailAddresses.normalize(email));
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
