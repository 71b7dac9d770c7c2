package carafe.mfa;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.Accounts;
import carafe.auth.Amr;
import carafe.auth.AuthThrottle;
import carafe.auth.Authentication;
import carafe.auth.Principal;
import carafe.web.Unauthorized;
import io.javalin.http.Context;
import java.util.Map;
import java.util.Optional;

/**
 * Renews a signed-in session's recent authentication (SPEC §9, ASVS 7.5.1) with the password or a second
 * factor, for the API and the page alike. The password is checked within the sign-in limits, a code
 * within the second-factor limit; each failure is audited.
 */
public final class Reauthentication {
    static final String WRONG_PASSWORD = "That password is not right.";

    private final Accounts accounts;
    private final Authentication authentication;
    private final AuthThrottle throttle;
    private final AuditLog audit;
    private final SecondStep secondStep;

    public Reauthentication(Accounts accounts, Authentication authentication, AuthThrottle throttle, AuditLog audit,
                            SecondStep secondStep) {
        this.accounts = accounts;
        this.authentication = authentication;
        this.throttle = throttle;
        this.audit = audit;
        this.secondStep = secondStep;
    }

    /** Whether the user can confirm with a password: an account an identity provider made has none until set. */
    public boolean withPassword(long userId) {
        return accounts.hasPassword(userId);
    }

    /** With the password when given, else with the one second-factor proof among {@code proofs}; 401 when wrong. */
    public Principal renew(Context ctx, Principal signedIn, String password, Map<String, String> proofs) {
        var user = signedIn.user();
        if (password == null || password.isEmpty()) {
            return secondStep.reauthenticate(ctx, user, secondStep.proofOf(proofs));
        }
        var matched = throttle.login(ctx, user.email(),
                () -> accounts.passwordMatches(user.id(), password) ? Optional.of(user) : Optional.empty());
        if (matched.isEmpty()) {
            audit.record(user.id(), null, AuditType.REAUTHENTICATION_FAILED, RequestOrigin.of(ctx), Amr.PASSWORD);
            throw new Unauthorized(WRONG_PASSWORD);
        }
        audit.record(user.id(), null, AuditType.REAUTHENTICATED, RequestOrigin.of(ctx), Amr.PASSWORD);
        return authentication.reauthenticate(ctx, Amr.PASSWORD);
    }
}
