package carafe.emailcode;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.Accounts;
import carafe.auth.Ceremonies;
import carafe.auth.EmailAddresses;
import carafe.auth.MailboxProven;
import carafe.auth.User;
import carafe.auth.UserRepository;
import carafe.mail.AccountMails;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Executor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Signing in with a code sent by email (SPEC §9 "Email code sign-in"): a code mailed to an active
 * account's address, which works once, for ten minutes, five tries, in the browser that asked for it.
 * What is kept of it waits where sessions are (carafe.auth.Ceremonies: the {@code ceremonies} table or
 * Redis), one per browser, so any instance can check it and a new request replaces it.
 *
 * <p>Known and unknown addresses are answered alike: both replace the browser's code (an unknown one's
 * can never match), both cost one look-up and one write on the request; the mail and its audit event
 * are prepared in the background, as password-reset mails are (ASVS 6.3.8).
 */
public final class EmailCodes {
    private static final Logger log = LoggerFactory.getLogger(EmailCodes.class);
    /** The ceremony kind: a browser has one code at a time. */
    static final String KIND = "email-code";
    /** ASVS 6.5.5: out-of-band codes live at most 10 minutes. */
    static final Duration LIFETIME = Duration.ofMinutes(10);
    /** Wrong tries a code survives: the fifth kills it (SPEC §9). */
    static final int TRIES = 5;
    /** How the audit trail and the account's sign-in record name this way in. */
    static final String METHOD = "email code";
    /** The one answer to every refusal: wrong, expired, used, used up, another browser's, nobody's. */
    public static final String REFUSED = "That code is not right, has expired or has been used. Ask for a new one.";

    private final UserRepository users;
    private final Accounts accounts;
    private final Ceremonies ceremonies;
    private final AccountMails mails;
    private final AuditLog audit;
    private final SignInCodes codes;
    private final Clock clock;
    private final Executor background;
    private final boolean enabled;
    private final MailboxProven mailboxProven;

    /** @param enabled CARAFE_EMAIL_CODE_LOGIN: off, the routes answer 404 and the login page offers nothing */
    public EmailCodes(UserRepository users, Accounts accounts, Ceremonies ceremonies, AccountMails mails,
                      AuditLog audit, String secretKey, Clock clock, Executor background, boolean enabled,
                      MailboxProven mailboxProven) {
        this.users = users;
        this.accounts = accounts;
        this.ceremonies = ceremonies;
        this.mails = mails;
        this.audit = audit;
        this.mailboxProven = mailboxProven;
        this.codes = new SignInCodes(secretKey);
        this.clock = clock;
        this.background = background;
        this.enabled = enabled;
    }

    public boolean enabled() {
        return enabled;
    }

    /**
     * Mails a new code to {@code email} if an active account has it, for this browser (the SHA-256 of
     * its carafe_browser cookie), replacing the code the browser had; the caller answers the same either way.
     */
    public void send(String email, String browser, RequestOrigin origin) {
        String address = EmailAddresses.normalize(email);
        Optional<User> user = users.findByEmail(address).filter(User::active);
        long userId = user.map(User::id).orElse(CodeState.NOBODY);
        String code = codes.newCode();
        var state = new CodeState(userId, 0, clock.instant().plus(LIFETIME), codes.digest(browser, userId, address, code));
        // ASVS 6.6.2: bound to this request of this browser; a new request replaces it, known address or not,
        // so whether an older code still works says nothing about an address either.
        ceremonies.begin(browser, KIND, state.format(), LIFETIME);
        user.ifPresent(recipient -> background.execute(() -> mail(recipient, code, origin)));
    }

    /**
     * The active user whose code this is, for the address it was mailed to, typed in the browser that
     * asked for it, within its lifetime, once; empty otherwise. A wrong try counts against the code: the
     * fifth ends it, so even the right code is refused after it. Every refusal is audited.
     */
    public Optional<User> verify(String email, String code, String browser, RequestOrigin origin) {
        Optional<CodeState> taken = Optional.ofNullable(browser)
                .flatMap(b -> ceremonies.finish(b, KIND))
                .flatMap(CodeState::parse);
        if (taken.isEmpty()) {
            audit.record(null, null, AuditType.LOGIN_FAILED, origin, METHOD + ": no live code in this browser");
            return Optional.empty();
        }
        var state = taken.get();
        String address = EmailAddresses.normalize(email);
        Optional<User> user = Optional.empty();
        if (codes.matches(state.digest(), browser, state.userId(), address, SignInCodes.typed(code)) && state.forAnAccount()) {
            // Still that account's address and still active: an address changed or an account
            // deactivated since the mail makes the code worthless.
            user = users.findById(state.userId()).filter(User::active).filter(u -> u.email().equals(address));
        }
        if (user.isEmpty()) {
            refuse(browser, state, origin);
            return Optional.empty();
        }
        // Taken, not put back: the code is used (ASVS 6.5.1). It reached the inbox, so the address is proven too.
        if (user.get().emailConfirmedAt() == null) {
            users.confirmEmail(user.get().id(), address, clock.instant());
            user = users.findById(user.get().id()); // the answer shows the address confirmed
        }
        mailboxProven.settle(user.get().id(), origin);
        accounts.recordSignIn(user.get(), METHOD, origin);
        return user;
    }

    private void refuse(String browser, CodeState state, RequestOrigin origin) {
        var tried = state.triedOnceMore();
        boolean usedUp = tried.tries() >= TRIES;
        // ASVS 6.6.3: five tries, then the code is dead; until then it waits again, unless a new one was asked for meanwhile.
        if (!usedUp) ceremonies.restore(browser, KIND, tried.format(), tried.expiresAt());
        audit.record(state.forAnAccount() ? state.userId() : null, null, AuditType.LOGIN_FAILED, origin,
                METHOD + ": wrong code" + (usedUp ? ", the fifth: the code is dead" : ""));
    }

    private void mail(User recipient, String code, RequestOrigin origin) {
        try {
            audit.record(recipient.id(), AuditType.EMAIL_CODE_SENT, origin);
            mails.signInCode(recipient.email(), recipient.name(), code, LIFETIME);
        } catch (RuntimeException e) {
            log.warn("Could not prepare a sign-in code mail", e);
        }
    }
}
