package carafe.account;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.MailboxProven;
import carafe.auth.Accounts;
import carafe.auth.EmailAddresses;
import carafe.auth.Sessions;
import carafe.auth.User;
import carafe.auth.UserRepository;
import carafe.mail.AccountMails;
import carafe.web.BadRequest;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * "Forgot password": a reset link by mail, and setting a new password with it. The request is answered
 * before anything is looked up, so known and unknown addresses cannot be told apart by the answer or
 * its timing (ASVS 6.4.x, OWASP Forgot Password Cheat Sheet).
 */
public final class PasswordResets {
    private static final Logger log = LoggerFactory.getLogger(PasswordResets.class);
    static final String INVALID_LINK = "This reset link is invalid, has already been used or has expired. "
            + "Ask for a new one.";

    private final UserRepository users;
    private final OneTimeTokens tokens;
    private final Accounts accounts;
    private final Sessions sessions;
    private final AccountMails mails;
    private final AuditLog audit;
    private final Links links;
    private final Duration lifetime;
    private final Clock clock;
    private final Executor background;
    private final MailboxProven mailboxProven;

    public PasswordResets(UserRepository users, OneTimeTokens tokens, Accounts accounts, Sessions sessions,
                          AccountMails mails, AuditLog audit, Links links, Duration lifetime, Clock clock,
                          Executor background, MailboxProven mailboxProven) {
        this.users = users;
        this.tokens = tokens;
        this.accounts = accounts;
        this.sessions = sessions;
        this.mails = mails;
        this.audit = audit;
        this.links = links;
        this.lifetime = lifetime;
        this.clock = clock;
        this.background = background;
        this.mailboxProven = mailboxProven;
    }

    /** Mails a reset link if an active account has this address; returns at once either way. */
    public void request(String email, RequestOrigin origin) {
        background.execute(() -> {
            try {
                users.findByEmail(EmailAddresses.normalize(email)).filter(User::active).ifPresent(user -> {
                    String token = tokens.issue(user.id(), TokenPurpose.RESET_PASSWORD, user.email(), lifetime);
                    mails.passwordReset(user.email(), user.name(), links.reset(token));
                    audit.record(user.id(), AuditType.RESET_REQUESTED, origin);
                });
            } catch (RuntimeException e) {
                log.warn("Could not prepare a password reset mail", e);
            }
        });
    }

    /** True when the link can still be used; the reset page checks before it shows the form. */
    public boolean isLive(String token) {
        return tokens.isLive(token, TokenPurpose.RESET_PASSWORD);
    }

    /**
     * Sets a new password (already checked against the policy) with a link from the mail, once. Every
     * session of the user ends, and every other reset link dies with this one.
     */
    public User reset(String token, String newPassword, RequestOrigin origin) {
        var used = tokens.consume(token, TokenPurpose.RESET_PASSWORD).orElseThrow(() -> new BadRequest(INVALID_LINK));
        var user = users.findById(used.userId()).filter(User::active).orElseThrow(() -> new BadRequest(INVALID_LINK));
        accounts.setPassword(user.id(), newPassword);
        tokens.retire(user.id(), TokenPurpose.RESET_PASSWORD);
        sessions.endAllFor(user.id());
        // The link reached this inbox, so the address is proven too.
        if (user.emailConfirmedAt() == null) users.confirmEmail(user.id(), used.email(), clock.instant());
        mailboxProven.settle(user.id(), origin);
        audit.record(user.id(), AuditType.PASSWORD_RESET, origin);
        return user;
    }
}
