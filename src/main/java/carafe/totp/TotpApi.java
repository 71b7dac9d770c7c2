package carafe.totp;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Assurance;
import carafe.auth.Authentication;
import carafe.recoverycodes.NewRecoveryCodes;
import carafe.web.JsonBody;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code /api/account/totp}: set up an authenticator app (start, then confirm with a first code) and
 * turn it off. Each needs a recent sign-in (SPEC §9); a user whose role requires a second factor may
 * use them before anything else.
 */
public final class TotpApi {
    private final Totp totp;
    private final Authentication authentication;
    private final JsonBody json;

    public TotpApi(Totp totp, Authentication authentication, JsonBody json) {
        this.totp = totp;
        this.authentication = authentication;
        this.json = json;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/account/totp", this::start, Access.SESSION, Assurance.RECENT_SIGN_IN,
                Assurance.BEFORE_SECOND_FACTOR);
        routes.post("/api/account/totp/confirm", this::confirm, Access.SESSION, Assurance.RECENT_SIGN_IN,
                Assurance.BEFORE_SECOND_FACTOR);
        routes.delete("/api/account/totp", this::turnOff, Access.SESSION, Assurance.RECENT_SIGN_IN);
    }

    private void start(Context ctx) {
        ctx.json(totp.start(authentication.user(ctx)));
    }

    private void confirm(Context ctx) {
        var request = json.read(ctx, CodeRequest.class);
        ctx.json(new NewRecoveryCodes(totp.confirm(authentication.user(ctx), request.code(), RequestOrigin.of(ctx))));
    }

    private void turnOff(Context ctx) {
        totp.turnOff(authentication.user(ctx), RequestOrigin.of(ctx));
        ctx.status(204);
    }
}
