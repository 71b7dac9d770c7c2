package carafe.auth;

import carafe.web.CrossSiteCheck;
import carafe.web.HttpProblem;
import io.javalin.http.Context;

/**
 * Forms used before there is a session (sign in, sign up, forgot and reset password): they carry a
 * signed pre-session token instead of the session's CSRF token, and must come from our own pages.
 */
public final class SignedOutForms {
    public static final String EXPIRED_FORM = "This form has expired. Please submit it again.";

    private final PreSessionTokens preSession;
    private final CrossSiteCheck crossSite;

    public SignedOutForms(PreSessionTokens preSession, CrossSiteCheck crossSite) {
        this.preSession = preSession;
        this.crossSite = crossSite;
    }

    /** The token to put in the form's hidden {@code _csrf} field. */
    public String token(Context ctx) {
        return preSession.issue(ctx);
    }

    /** A form post that comes from our own page in this browser, not from another site (login CSRF). */
    public boolean isGenuine(Context ctx) {
        try {
            crossSite.require(ctx);
        } catch (HttpProblem crossSiteRequest) {
            return false;
        }
        return preSession.isValid(ctx, ctx.formParam(AccessControl.CSRF_FIELD));
    }
}
