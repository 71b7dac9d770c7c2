package carafe.auth;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.web.Conflict;
import java.time.Clock;
import java.util.Optional;

/** Creating accounts and checking credentials. Knows nothing of HTTP. */
public final class Accounts {
    private final UserRepository users;
    private final PasswordHasher hasher;
    private final HashingGate gate;
    private final Clock clock;
    private final LoginListener logins;
    private final AuditLog audit;
    private final String dummyHash;

    public Accounts(UserRepository users, PasswordHasher hasher, HashingGate gate, Clock clock, LoginListener logins,
                    AuditLog audit) {
        this.users = users;
        this.hasher = hasher;
        this.gate = gate;
        this.clock = clock;
        this.logins = logins;
        this.audit = audit;
        // Checked against when the email is unknown, so both failures cost one Argon2id verification.
        this.dummyHash = hasher.hash("carafe-timing-equaliser-" + SecretTokens.newToken());
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
        return user;
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
        audit.record(userId, user.isPresent() ? AuditType.LOGIN : AuditType.LOGIN_FAILED, origin);
        return user;
    }

    private Optional<User> check(Optional<UserRepository.Credentials> credentials, String password) {
        String storedHash = credentials.map(UserRepository.Credentials::passwordHash).orElse(dummyHash);
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
        users.recordLogin(user.id(), clock.instant());
        return Optional.of(user);
    }
}
