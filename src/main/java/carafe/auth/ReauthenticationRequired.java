package carafe.auth;

import carafe.web.HttpProblem;
import java.util.Map;

/**
 * 401: the operation needs a recent sign-in (SPEC §9, ASVS 7.5.1); {@code POST
 * /api/auth/reauthenticate} renews it. Its own problem type, so a client tells it from "not signed in".
 */
public final class ReauthenticationRequired extends HttpProblem {
    public static final String TYPE = "/problems/reauthentication-required";

    public ReauthenticationRequired() {
        super(401, TYPE, "Reauthentication required",
                "This needs a recent sign-in: confirm it is you with POST /api/auth/reauthenticate "
                        + "(your password or a code), then try again.", Map.of());
    }
}
