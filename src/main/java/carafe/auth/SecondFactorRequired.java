package carafe.auth;

import carafe.web.HttpProblem;
import java.util.Map;

/**
 * 403: the user's role requires a second factor they have not set up (CARAFE_MFA_REQUIRED_ROLES);
 * until they do, only the setup, the session and sign-out answer them (SPEC §9 "Required second factor").
 */
public final class SecondFactorRequired extends HttpProblem {
    public static final String TYPE = "/problems/mfa-enrolment-required";

    public SecondFactorRequired() {
        super(403, TYPE, "Two-step sign-in required",
                "Your role requires two-step sign-in: set up an authenticator app first "
                        + "(POST /api/account/totp, or the account page).", Map.of());
    }
}
