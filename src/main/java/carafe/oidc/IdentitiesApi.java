package carafe.oidc;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Assurance;
import carafe.auth.Authentication;
import carafe.web.PathIds;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code /api/account/identities}: the account's linked identity providers, and unlinking one (needs a
 * recent sign-in; 409 when it is the last way in). Linking is a browser round trip to the provider: the
 * account page's "Link" buttons.
 */
public final class IdentitiesApi {
    private final Identities identities;
    private final Authentication authentication;

    public IdentitiesApi(Identities identities, Authentication authentication) {
        this.identities = identities;
        this.authentication = authentication;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/account/identities", ctx -> ctx.json(identities.list(authentication.user(ctx).id())), Access.SESSION);
        routes.delete("/api/account/identities/{id}", this::unlink, Access.SESSION, Assurance.RECENT_SIGN_IN);
    }

    private void unlink(Context ctx) {
        identities.unlink(authentication.user(ctx), PathIds.of(ctx), RequestOrigin.of(ctx));
        ctx.status(204);
    }
}
