package carafe.emailcode;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Amr;
import carafe.auth.AuthThrottle;
import carafe.auth.SignInSteps;
import carafe.auth.User;
import carafe.web.BrowserIds;
import carafe.web.CrossSiteCheck;
import carafe.web.JsonBody;
import carafe.web.NotFound;
import carafe.web.Unauthorized;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * Email code sign-in over the API (SPEC §9): ask for a code, then sign in with it. Signed out, so
 * protected against login CSRF like {@code POST /api/auth/login}; 404 while CARAFE_EMAIL_CODE_LOGIN is off.
 */
public final class EmailCodeApi {
    static final String SENT = "If an active account uses this address, a sign-in code is on its way. "
            + "It works for 10 minutes, once, in this browser.";

    private final EmailCodes codes;
    private final SignInSteps steps;
    private final AuthThrottle throttle;
    private final BrowserIds browsers;
    private final JsonBody json;
    private final CrossSiteCheck crossSite;

    public EmailCodeApi(EmailCodes codes, SignInSteps steps,
                        AuthThrottle throttle, BrowserIds browsers, JsonBody json, CrossSiteCheck crossSite) {
        this.codes = codes;
        this.steps = steps;
        this.throttle = throttle;
        this.browsers = browsers;
        this.json = json;
        this.crossSite = crossSite;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/email-code", this::send, Access.SIGN_IN);
        routes.post("/api/auth/email-code/verify", this::verify, Access.SIGN_IN);
    }

    /** 202 whether or not an account has the address: the answer must not tell (ASVS 6.3.8). */
    private void send(Context ctx) {
        requireEnabled(ctx, codes);
        crossSite.require(ctx);
        var request = json.read(ctx, EmailCodeRequest.class);
        throttle.emailCode(ctx, request.email());
        codes.send(request.email(), browsers.of(ctx), RequestOrigin.of(ctx));
        ctx.status(202).json(Map.of("detail", SENT));
    }

    /**
     * A new session id with amr {@code email}, or, when the account has a second factor, a pending
     * sign-in answered as a password is: the code is the first factor only (ASVS 6.4.3, 6.3.3).
     */
    private void verify(Context ctx) {
        requireEnabled(ctx, codes);
        crossSite.require(ctx);
        var request = json.read(ctx, EmailCodeVerification.class);
        User user = codes.verify(request.email(), request.code(), browsers.existing(ctx).orElse(null), RequestOrigin.of(ctx))
                .orElseThrow(() -> new Unauthorized(EmailCodes.REFUSED));
        ctx.json(steps.answer(ctx, user, request.rememberMe(), Amr.EMAIL));
    }

    /** Off, these routes are not there: the same 404 as an address nothing answers. */
    static void requireEnabled(Context ctx, EmailCodes codes) {
        if (!codes.enabled()) throw new NotFound("Nothing is at " + ctx.path() + ".");
    }
}
