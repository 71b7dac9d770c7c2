package carafe.mfa;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Assurance;
import carafe.auth.Authentication;
import carafe.auth.SignedIn;
import carafe.web.CrossSiteCheck;
import carafe.web.JsonBody;
import carafe.web.PathIds;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * The second step of a sign-in ({@code POST /api/auth/mfa}), re-authentication ({@code POST
 * /api/auth/reauthenticate}), the account's second factors at a glance ({@code GET /api/account/mfa})
 * and its remembered browsers.
 */
public final class MfaApi {
    private final SecondFactors factors;
    private final SecondStep secondStep;
    private final Reauthentication reauthentication;
    private final Authentication authentication;
    private final JsonBody json;
    private final CrossSiteCheck crossSite;

    public MfaApi(SecondFactors factors, SecondStep secondStep, Reauthentication reauthentication,
                  Authentication authentication, JsonBody json, CrossSiteCheck crossSite) {
        this.factors = factors;
        this.secondStep = secondStep;
        this.reauthentication = reauthentication;
        this.authentication = authentication;
        this.json = json;
        this.crossSite = crossSite;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/auth/mfa", this::secondFactor, Access.SIGN_IN);
        routes.post("/api/auth/reauthenticate", this::reauthenticate, Access.SESSION, Assurance.BEFORE_SECOND_FACTOR);
        routes.get("/api/account/mfa", this::status, Access.SESSION, Assurance.BEFORE_SECOND_FACTOR);
        routes.get("/api/account/remembered-devices", this::devices, Access.SESSION);
        routes.delete("/api/account/remembered-devices/{id}", this::forgetDevice, Access.SESSION);
    }

    /** Signed out (a pending sign-in is not a session): protected against login CSRF like the login itself. */
    private void secondFactor(Context ctx) {
        crossSite.require(ctx);
        var request = json.read(ctx, SecondFactorRequest.class);
        var proof = secondStep.proofOf(request.proofs());
        ctx.json(SignedIn.of(secondStep.completeSignIn(ctx, proof, request.remember())));
    }

    private void reauthenticate(Context ctx) {
        var request = json.read(ctx, ReauthenticateRequest.class);
        reauthentication.renew(ctx, authentication.current(ctx).orElseThrow(), request.password(), request.proofs());
        ctx.status(204);
    }

    private void status(Context ctx) {
        var user = authentication.user(ctx);
        ctx.json(MfaStatus.of(factors, user.id(), factors.requiredFor(user)));
    }

    private void devices(Context ctx) {
        ctx.json(factors.devices().list(authentication.user(ctx).id()));
    }

    private void forgetDevice(Context ctx) {
        factors.forgetDevice(authentication.user(ctx).id(), PathIds.of(ctx), RequestOrigin.of(ctx));
        ctx.status(204);
    }
}
