package carafe.auth;

import carafe.audit.RequestOrigin;
import carafe.web.CrossSiteCheck;
import carafe.web.Forbidden;
import carafe.web.JsonBody;
import carafe.web.Unauthorized;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /api/auth}: register, login, logout and the current session, as JSON. */
public final class AuthApi {
    private final Accounts accounts;
    private final Authentication authentication;
    private final AuthThrottle throttle;
    private final JsonBody json;
    private final CrossSiteCheck crossSite;

    public AuthApi(Accounts accounts, Authentication authentication, AuthThrottle throttle, JsonBody json,
                   CrossSiteCheck crossSite) {
        this.accounts = accounts;
        this.authentication = authentication;
        this.throttle = throttle;
        this.json = json;
        this.crossSite = crossSite;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/register", this::register, Access.SIGN_IN);
        routes.post("/api/auth/login", this::login, Access.SIGN_IN);
        routes.post("/api/auth/logout", this::logout, Access.ANYONE);
        routes.get("/api/auth/session", this::session, Access.SESSION);
    }

    private void register(Context ctx) {
        crossSite.require(ctx);
        var request = json.read(ctx, RegisterRequest.class);
        throttle.register(ctx);
        User user = accounts.register(request, RequestOrigin.of(ctx));
        if (accounts.confirmationRequired()) {
            // Not signed in until the address is confirmed: the answer has the user and no session.
            ctx.status(201).json(new SignedIn(UserView.of(user), null));
            return;
        }
        ctx.status(201).json(SignedIn.of(authentication.signIn(ctx, user, false)));
    }

    private void login(Context ctx) {
        crossSite.require(ctx);
        var request = json.read(ctx, LoginRequest.class);
        User user = throttle.login(ctx, request.email(),
                        () -> accounts.authenticate(request.email(), request.password(), RequestOrigin.of(ctx)))
                .orElseThrow(() -> new Unauthorized("Invalid email or password."));
        ctx.json(SignedIn.of(authentication.signIn(ctx, user, request.rememberMe())));
    }

    private void logout(Context ctx) {
        if (authentication.current(ctx).filter(Principal::viaApiToken).isPresent()) {
            throw new Forbidden("An API token cannot sign out; revoke it to end it.");
        }
        authentication.signOut(ctx);
        ctx.status(204);
    }

    private void session(Context ctx) {
        ctx.json(SignedIn.of(authentication.current(ctx).orElseThrow()));
    }
}
