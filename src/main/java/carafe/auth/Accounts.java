package carafe.auth;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.web.Conflict;
import carafe.web.Forbidden;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;

/** Creating accounts and checking credentials. Knows nothing of HTTP. */
public final class Accounts {
    /** The one answer to an unknown email and a wrong password alike (ASVS 6.3.8: no account enumeration). */
    public static final String INVALID_CREDENTIALS = "Invalid email or password.";

    private final UserRepository users;
    private final PasswordHasher hasher;
    private final HashingGate gate;
    private final Clock clock;
    private final LoginListener logins;
    private final AuditLog audit;
    private final ConfirmationSender confirmations;
    private final boolean confirmationRequired;
    private final SecondFactorGate secondFactors;
    private final FutureTask<String> dummyHash;

    public Accounts(UserRepository users, PasswordHasher hasher, HashingGate gate, Clock clock, LoginListener logins,
                    AuditLog audit, ConfirmationSender confirmations, boolean confirmationRequired,
                    SecondFactorGate secondFactors) {
        this.users = users;
        this.hasher = hasher;
        this.gate = gate;
        this.clock = clock;
        this.logins = logins;
        this.audit = audit;
        this.confirmations = confirmations;
        this.confirmationRequired = confirmationRequired;
        this.secondFactors = secondFactors;
        // Checked against when the email is unknown, so both failures cost one Argon2id verification.
        // Computed beside start-up, not in its path: on a cold JVM this first hash takes a second or more
        // (the encoder's classes, Argon2 still interpreted), most of the start-up budget (issue 7).
        this.dummyHash = new FutureTask<>(() -> hasher.hash("carafe-timing-equaliser-" + SecretTokens.newToken()));
        Thread.ofPlatform().name("timing-equaliser-hash").daemon().start(dummyHash);
    }

    /** Creates an account from a validated request; 409 when the email is taken. */
    public User register(RegisterRequest request, RequestOrigin origin) {
        String email = EmailAddresses.normalize(request.email());
        String hash = gate.run(() -> hasher.hash(request.password()));
        User user;
        try {
            user = users.insert(email, request.name().strip(), hash, clock.instant());
        } catch (UserRepository.EmailTaken e) {
            throw new Conflict("An account with this email already exists.");
        }
        audit.record(user.id(), AuditType.REGISTERED, origin);
        confirmations.send(user);
        return user;
    }

    /** True when a new account must confirm its address before it may sign in (CARAFE_REQUIRE_EMAIL_CONFIRMATION). */
    public boolean confirmationRequired() {
        return confirmationRequired;
    }

    /**
     * The active user with these credentials, or empty. Unknown email, wrong password and inactive
     * account look the same and cost the same: one hash verification each. Every outcome is reported to
     * the {@link LoginListener} and the audit trail; a check that could not run (hashing overloaded) is
     * no outcome.
     */
    public Optional<User> authenticate(String email, String password, RequestOrigin origin) {
        var credentials = users.findCredentials(EmailAddresses.normalize(email));
        Optional<User> user = check(credentials, password);
        logins.loginAttempted(user.isPresent());
        Long userId = credentials.map(c -> c.user().id()).orElse(null);
        if (user.isPresent() && confirmationRequired && user.get().emailConfirmedAt() == null) {
            audit.record(userId, null, AuditType.LOGIN_FAILED, origin, "email not confirmed");
            confirmations.remind(user.get());
            throw new Forbidden("Please confirm your email address first, with the link we mailed you. "
                    + "Trying to sign in sends a fresh link, at most one every few minutes.");
        }
        user.ifPresent(signedIn -> users.recordLogin(signedIn.id(), clock.instant()));
        audit.record(userId, user.isPresent() ? AuditType.LOGIN : AuditType.LOGIN_FAILED, origin);
        return user;
    }

    /**
     * A sign-in without a password (a passkey; later an email code or an identity provider) succeeded:
     * recorded as a password sign-in is, with how it was made.
     */
    public void recordSignIn(User user, String method, RequestOrigin origin) {
        logins.loginAttempted(true);
        users.recordLogin(user.id(), clock.instant());
        audit.record(user.id(), null, AuditType.LOGIN, origin, method);
    }

    /** Whether the account has a password: one an identity provider made has none until it sets one. */
    public boolean hasPassword(long userId) {
        return users.findPasswordHash(userId).filter(hash -> !hash.equals(UserRepository.NO_PASSWORD)).isPresent();
    }

    /** Re-authentication before a sensitive change (ASVS 7.5.1): one hash verification, no side effects. */
    public boolean passwordMatches(long userId, String password) {
        String stored = users.findPasswordHash(userId).filter(hash -> !hash.equals(UserRepository.NO_PASSWORD))
                .orElseGet(this::dummyHash);
        return password != null && gate.run(() -> hasher.verify(password, stored)).matches();
    }

    /**
     * Stores a new password (already validated against the policy) as a current Argon2id hash; browsers
     * remembered for two-step sign-in are forgotten with the old password (SPEC §9).
     */
    public void setPassword(long userId, String newPassword) {
        String hash = gate.run(() -> hasher.hash(newPassword));
        users.replacePasswordHash(userId, hash, clock.instant());
        secondFactors.passwordChanged(userId);
    }

    private Optional<User> check(Optional<UserRepository.Credentials> credentials, String password) {
        // An account without a password (made by an identity provider) costs a hash like any other, so the
        // answer's timing tells it from no one.
        String storedHash = credentials.map(UserRepository.Credentials::passwordHash)
                .filter(hash -> !hash.equals(UserRepository.NO_PASSWORD)).orElseGet(this::dummyHash);
        var verification = gate.run(() -> hasher.verify(password, storedHash));
        if (credentials.isEmpty() || !verification.matches() || !credentials.get().user().active()) {
            return Optional.empty();
        }
        User user = credentials.get().user();
        if (verification.needsUpgrade()) {
            // bcrypt or older Argon2 parameters: store a current hash now that we know the password.
            String upgraded = gate.run(() -> hasher.hash(password));
            users.replacePasswordHash(user.id(), upgraded, clock.instant());
        }
        return Optional.of(user);
    }

    private String dummyHash() {
        try {
            return dummyHash.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for the timing-equaliser hash", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException("The timing-equaliser hash failed", e.getCause());
        }
    }
}
