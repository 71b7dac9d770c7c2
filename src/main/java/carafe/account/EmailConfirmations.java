package carafe.account;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.ConfirmationSender;
import carafe.auth.User;
import carafe.auth.UserRepository;
import carafe.mail.AccountMails;
import carafe.web.BadRequest;
import carafe.web.Conflict;
import java.time.Clock;
import java.time.Duration;

/**
 * Proving an address: the link mailed at sign-up (and on request), and the link that completes an
 * email change. One {@code /confirm/{token}} link serves both; the token knows which it is.
 */
public final class EmailConfirmations implements ConfirmationSender {
    /** At most one reminder per this long, however often an unconfirmed user tries to sign in. */
    private static final Duration REMINDER_INTERVAL = Duration.ofMinutes(5);
    static final String INVALID_LINK = "This confirmation link is invalid, has already been used or has expired.";

    private final OneTimeTokens tokens;
    private final UserRepository users;
    private final AccountMails mails;
    private final AuditLog audit;
    private final Links links;
    private final Duration lifetime;
    private final Clock clock;

    public EmailConfirmations(OneTimeTokens tokens, UserRepository users, AccountMails mails, AuditLog audit,
                              Links links, Duration lifetime, Clock clock) {
        this.tokens = tokens;
        this.users = users;
        this.mails = mails;
        this.audit = audit;
        this.links = links;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** What a used link did, for the page that says so. */
    public enum Outcome { EMAIL_CONFIRMED, EMAIL_CHANGED }

    /** The new address an email change waits to confirm, or null. */
    public String pendingEmail(long userId) {
        return tokens.pendingEmail(userId, TokenPurpose.CHANGE_EMAIL).orElse(null);
    }

    /** Mails a confirmation link for the user's current address (sign-up). */
    @Override
    public void send(User user) {
        String token = tokens.issue(user.id(), TokenPurpose.CONFIRM_EMAIL, user.email(), lifetime);
        mails.emailConfirmation(user.email(), user.name(), links.confirm(token));
    }

    @Override
    public void remind(User user) {
        if (!tokens.issuedSince(user.id(), TokenPurpose.CONFIRM_EMAIL, clock.instant().minus(REMINDER_INTERVAL))) {
            send(user);
        }
    }

    /** What the user is told after {@link #resend}, on the API and the account page alike. */
    public static final String RESENT = "A new confirmation link is on its way.";

    /** "Send the link again" from the account page; 409 once the address is confirmed. */
    public void resend(User user) {
        if (user.emailConfirmedAt() != null) throw new Conflict("Your email address is already confirmed.");
        send(user);
    }

    /** Starts an email change: the new address gets a link, and only that link switches the account over. */
    public void requestChange(User user, String newEmail, RequestOrigin origin) {
        String token = tokens.issue(user.id(), TokenPurpose.CHANGE_EMAIL, newEmail, lifetime);
        mails.emailChangeConfirmation(newEmail, user.name(), links.confirm(token));
        audit.record(user.id(), null, AuditType.EMAIL_CHANGE_REQUESTED, origin, newEmail);
    }

    /** Uses a link from a mail; 400 when it is unknown, used or expired, 409 when the new address was taken meanwhile. */
    public Outcome confirm(String token, RequestOrigin origin) {
        var used = tokens.consume(token, TokenPurpose.CONFIRM_EMAIL, TokenPurpose.CHANGE_EMAIL)
                .orElseThrow(() -> new BadRequest(INVALID_LINK));
        var user = users.findById(used.userId()).filter(User::active).orElseThrow(() -> new BadRequest(INVALID_LINK));
        if (used.purpose() == TokenPurpose.CHANGE_EMAIL) {
            changeEmail(user, used.email(), origin);
            return Outcome.EMAIL_CHANGED;
        }
        // A link sent to an address the user has since left confirms nothing.
        if (!users.confirmEmail(user.id(), used.email(), clock.instant())) throw new BadRequest(INVALID_LINK);
        audit.record(user.id(), AuditType.EMAIL_CONFIRMED, origin);
        return Outcome.EMAIL_CONFIRMED;
    }

    private void changeEmail(User user, String newEmail, RequestOrigin origin) {
        try {
            users.changeEmail(user.id(), newEmail, clock.instant());
        } catch (UserRepository.EmailTaken e) {
            throw new Conflict("Another account has started using this address, so it cannot be yours too.");
        }
        // The old address hears of it, so a hijacked account does not change hands silently.
        mails.emailChangedNotice(user.email(), user.name(), newEmail);
        audit.record(user.id(), null, AuditType.EMAIL_CHANGED, origin, user.email() + " → " + newEmail);
    }
}
