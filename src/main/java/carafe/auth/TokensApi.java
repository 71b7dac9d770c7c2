package carafe.auth;

import carafe.audit.RequestOrigin;
import carafe.web.JsonBody;
import carafe.web.PathIds;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/**
 * {@code /api/account/tokens}: the signed-in user's API tokens. Managing tokens needs a session
 * ({@link Access#SESSION}): a token cannot mint more tokens or revoke the others.
 */
public final class TokensApi {
    private final ApiTokens apiTokens;
    private final Authentication authentication;
    private final JsonBody json;

    public TokensApi(ApiTokens apiTokens, Authentication authentication, JsonBody json) {
        this.apiTokens = apiTokens;
        this.authentication = authentication;
        this.json = json;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/account/tokens", this::list, Access.SESSION);
        // SPEC §9: a new API token needs a recent sign-in (ASVS 7.5.1), so a stolen session cannot mint lasting access.
        routes.post("/api/account/tokens", this::create, Access.SESSION, Assurance.RECENT_SIGN_IN);
        routes.delete("/api/account/tokens/{id}", this::revoke, Access.SESSION);
    }

    private void list(Context ctx) {
        ctx.json(apiTokens.list(owner(ctx)));
    }

    private void create(Context ctx) {
        var request = json.read(ctx, ApiTokenRequest.class);
        ctx.status(201).json(apiTokens.create(owner(ctx), request, RequestOrigin.of(ctx)));
    }

    private void revoke(Context ctx) {
        apiTokens.revoke(owner(ctx), PathIds.of(ctx), RequestOrigin.of(ctx));
        ctx.status(204);
    }

    private long owner(Context ctx) {
        return authentication.user(ctx).id();
    }

}
