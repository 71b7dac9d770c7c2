package carafe.auth;

import carafe.audit.RequestOrigin;
import carafe.web.CrossSiteCheck;
import carafe.web.Forbidden;
import carafe.web.JsonBody;
import carafe.web.Unauthorized;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** {@code /api/auth}: register, login, logout and the current session, as JSON. */
public final class AuthApi {
    private final Accounts accounts;
    private final Authentication authentication;
    private final AuthThrottle throttle;
    private final JsonBody json;
    private final CrossSiteCheck crossSite;
    private final SecondFactorGate secondFactors;

    public AuthApi(Accounts accounts, Authentication authentication, AuthThrottle throttle, JsonBody json,
                   CrossSiteCheck crossSite, SecondFactorGate secondFactors) {
        this.accounts = accounts;
        this.authentication = authentication;
        this.throttle = throttle;
        this.json = json;
        this.crossSite = crossSite;
        this.secondFactors = secondFactors;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/register", this::register, Access.SIGN_IN);
        routes.post("/api/auth/login", this::login, Access.SIGN_IN);
        routes.post("/api/auth/logout", this::logout, Access.ANYONE, Assurance.BEFORE_SECOND_FACTOR);
        routes.get("/api/auth/session", this::session, Access.SESSION, Assurance.BEFORE_SECOND_FACTOR);
    }

    private void register(Context ctx) {
        crossSite.require(ctx);
        var request = json.read(ctx, RegisterRequest.class);
        throttle.register(ctx);
        User user = accounts.register(request, RequestOrigin.of(ctx));
        if (accounts.confirmationRequired()) {
            // Not signed in until the address is confirmed: the answer has the user and no session.
            ctx.status(201).json(SignedIn.notYet(user));
            return;
        }
        ctx.status(201).json(SignedIn.of(authentication.signIn(ctx, user, false, List.of(Amr.PASSWORD))));
    }

    private void login(Context ctx) {
        crossSite.require(ctx);
        var request = json.read(ctx, LoginRequest.class);
        User user = throttle.login(ctx, request.email(),
                        () -> accounts.authenticate(request.email(), request.password(), RequestOrigin.of(ctx)))
                .orElseThrow(() -> new Unauthorized(Accounts.INVALID_CREDENTIALS));
        var due = secondFactors.dueAfterPassword(ctx, user);
        if (!due.isEmpty()) {
            // ASVS 6.3.3: the password alone opens nothing; the pending sign-in waits for the second factor.
            authentication.startPendingSignIn(ctx, user, request.rememberMe());
            ctx.json(new SecondFactorDue(due));
            return;
        }
        ctx.json(SignedIn.of(authentication.signIn(ctx, user, request.rememberMe(), List.of(Amr.PASSWORD))));
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
