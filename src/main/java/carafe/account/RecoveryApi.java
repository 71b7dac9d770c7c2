package carafe.account;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.AuthThrottle;
import carafe.web.CrossSiteCheck;
import carafe.web.JsonBody;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/**
 * {@code /api/auth/confirm|forgot|reset}: the links from mails, used by scripts or a single-page app.
 * Like login, they need no session (and so no CSRF token) but refuse cross-site browser requests.
 */
public final class RecoveryApi {
    private final EmailConfirmations confirmations;
    private final PasswordResets resets;
    private final AuthThrottle throttle;
    private final JsonBody json;
    private final CrossSiteCheck crossSite;

    public RecoveryApi(EmailConfirmations confirmations, PasswordResets resets, AuthThrottle throttle, JsonBody json,
                       CrossSiteCheck crossSite) {
        this.confirmations = confirmations;
        this.resets = resets;
        this.throttle = throttle;
        this.json = json;
        this.crossSite = crossSite;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/confirm", this::confirm, Access.SIGN_IN);
        routes.post("/api/auth/forgot", this::forgot, Access.SIGN_IN);
        routes.post("/api/auth/reset", this::reset, Access.SIGN_IN);
    }

    private void confirm(Context ctx) {
        crossSite.require(ctx);
        var request = json.read(ctx, ConfirmRequest.class);
        confirmations.confirm(request.token(), RequestOrigin.of(ctx));
        ctx.status(204);
    }

    /** 202 whether or not an account has the address: the answer must not tell (account enumeration). */
    private void forgot(Context ctx) {
        crossSite.require(ctx);
        var request = json.read(ctx, ForgotRequest.class);
        throttle.forgotPassword(ctx, request.email());
        resets.request(request.email(), RequestOrigin.of(ctx));
        ctx.status(202).json(Map.of("detail", "If an account uses this address, a reset link is on its way."));
    }

    private void reset(Context ctx) {
        crossSite.require(ctx);
        var request = json.read(ctx, ResetRequest.class);
        throttle.resetPassword(ctx);
        resets.reset(request.token(), request.password(), RequestOrigin.of(ctx));
        ctx.status(204);
    }
}
