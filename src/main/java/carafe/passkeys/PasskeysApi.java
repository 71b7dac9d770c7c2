package carafe.passkeys;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Accounts;
import carafe.auth.Amr;
import carafe.auth.Assurance;
import carafe.auth.Authentication;
import carafe.auth.Principal;
import carafe.auth.SignedIn;
import carafe.auth.User;
import carafe.auth.UserRepository;
import carafe.mfa.SecondStep;
import carafe.web.BrowserIds;
import carafe.web.CrossSiteCheck;
import carafe.web.JsonBody;
import carafe.web.PathIds;
import carafe.web.Unauthorized;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Passkeys over the API (SPEC §9 "Passkeys"): the account's passkeys (options, register, list, rename,
 * delete) and signing in with one, without a password or as the second step after one. The options
 * answers are {@code {publicKey: ...}}, WebAuthn Level 3 JSON for the browser's
 * {@code PublicKeyCredential.parse…OptionsFromJSON}.
 */
public final class PasskeysApi {
    static final String NOT_ACCEPTED = "That passkey was not accepted here.";

    private final Passkeys passkeys;
    private final SecondStep secondStep;
    private final Accounts accounts;
    private final UserRepository users;
    private final Authentication authentication;
    private final BrowserIds browsers;
    private final JsonBody json;
    private final CrossSiteCheck crossSite;

    public PasskeysApi(Passkeys passkeys, SecondStep secondStep, Accounts accounts, UserRepository users,
                       Authentication authentication, BrowserIds browsers, JsonBody json, CrossSiteCheck crossSite) {
        this.passkeys = passkeys;
        this.secondStep = secondStep;
        this.accounts = accounts;
        this.users = users;
        this.authentication = authentication;
        this.browsers = browsers;
        this.json = json;
        this.crossSite = crossSite;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/account/passkeys/options", this::registrationOptions, Access.SESSION, Assurance.RECENT_SIGN_IN,
                Assurance.BEFORE_SECOND_FACTOR);
        routes.post("/api/account/passkeys", this::register, Access.SESSION, Assurance.RECENT_SIGN_IN,
                Assurance.BEFORE_SECOND_FACTOR);
        routes.get("/api/account/passkeys", ctx -> ctx.json(passkeys.list(owner(ctx))), Access.SESSION);
        routes.patch("/api/account/passkeys/{id}", this::rename, Access.SESSION);
        routes.delete("/api/account/passkeys/{id}", this::delete, Access.SESSION, Assurance.RECENT_SIGN_IN);
        routes.post("/api/auth/passkey/options", this::signInOptions, Access.SIGN_IN);
        routes.post("/api/auth/passkey", this::signIn, Access.SIGN_IN);
    }

    private void registrationOptions(Context ctx) {
        publicKey(ctx, passkeys.registrationOptions(authentication.user(ctx), browsers.of(ctx)));
    }

    private void register(Context ctx) {
        var request = json.read(ctx, PasskeyRegistration.class);
        var created = passkeys.register(authentication.user(ctx), browsers.of(ctx), request.name(),
                request.credential().toString(), RequestOrigin.of(ctx));
        ctx.status(201).json(created);
    }

    private void rename(Context ctx) {
        var request = json.read(ctx, PasskeyName.class);
        ctx.json(passkeys.rename(owner(ctx), PathIds.of(ctx), request.name()));
    }

    private void delete(Context ctx) {
        passkeys.delete(authentication.user(ctx), PathIds.of(ctx), RequestOrigin.of(ctx));
        ctx.status(204);
    }

    /**
     * Signed out, so protected against login CSRF like the login. Whose passkeys to ask for: the user of
     * this browser's pending sign-in or session (second step, re-authentication), else anyone's
     * (passwordless: the browser offers what it holds for this site).
     */
    private void signInOptions(Context ctx) {
        crossSite.require(ctx);
        Optional<Long> user = authentication.pendingSignIn(ctx).or(() -> authentication.current(ctx)
                .filter(p -> !p.viaApiToken())).map(p -> p.user().id());
        publicKey(ctx, passkeys.authenticationOptions(user, browsers.of(ctx)));
    }

    /**
     * With a pending sign-in, the passkey is its second factor (as {@code POST /api/auth/mfa}); without,
     * a passwordless sign-in: a user-verified passkey is two factors in one (amr {@code hwk}).
     */
    private void signIn(Context ctx) {
        crossSite.require(ctx);
        var request = json.read(ctx, PasskeySignIn.class);
        String credential = request.credential().toString();
        if (authentication.pendingSignIn(ctx).isPresent()) {
            var proof = secondStep.proofOf(Map.of("credential", credential));
            ctx.json(SignedIn.of(secondStep.completeSignIn(ctx, proof, request.rememberThisDevice())));
            return;
        }
        User user = passkeys.authenticate(browsers.existing(ctx).orElse(null), credential, Optional.empty(),
                        RequestOrigin.of(ctx))
                .flatMap(users::findById)
                .filter(User::active)
                .orElseThrow(() -> new Unauthorized(NOT_ACCEPTED));
        accounts.recordSignIn(user, "passkey", RequestOrigin.of(ctx));
        Principal signedIn = authentication.signIn(ctx, user, request.rememberMe(), List.of(Amr.PASSKEY));
        ctx.json(SignedIn.of(signedIn));
    }

    private long owner(Context ctx) {
        return authentication.user(ctx).id();
    }

    /** {@code {"publicKey": <options>}}: webauthn4j writes the options (its own Jackson), we wrap them. */
    private static void publicKey(Context ctx, String options) {
        ctx.contentType("application/json").result("{\"publicKey\":" + options + "}");
    }
}
