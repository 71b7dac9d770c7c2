package carafe.admin;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Assurance;
import carafe.auth.Authentication;
import carafe.mfa.SecondFactors;
import carafe.web.JsonBody;
import carafe.web.PathIds;
import carafe.web.QueryParams;
import carafe.web.ValidationFailed;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /api/admin}: users and the audit trail, for administrators only ({@link Access#ADMIN}). */
public final class AdminApi {
    private final AdminUsers admin;
    private final Authentication authentication;
    private final JsonBody json;
    private final SecondFactors secondFactors;

    public AdminApi(AdminUsers admin, Authentication authentication, JsonBody json, SecondFactors secondFactors) {
        this.admin = admin;
        this.authentication = authentication;
        this.json = json;
        this.secondFactors = secondFactors;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/admin/users", this::list, Access.ADMIN);
        routes.get("/api/admin/users/{id}", ctx -> ctx.json(admin.get(PathIds.of(ctx))), Access.ADMIN);
        // SPEC §9: an administrator's changes to others need a recent sign-in (ASVS 7.5.x).
        routes.patch("/api/admin/users/{id}", this::change, Access.ADMIN, Assurance.RECENT_SIGN_IN);
        routes.delete("/api/admin/users/{id}", this::delete, Access.ADMIN, Assurance.RECENT_SIGN_IN);
        routes.delete("/api/admin/users/{id}/mfa", this::resetSecondFactors, Access.ADMIN, Assurance.RECENT_SIGN_IN);
        routes.get("/api/admin/audit", this::audit, Access.ADMIN);
    }

    private void list(Context ctx) {
        ctx.json(admin.list(ctx.queryParam("q"), QueryParams.limit(ctx, AdminUsers.DEFAULT_PAGE_SIZE), ctx.queryParam("cursor")));
    }

    private void change(Context ctx) {
        long id = PathIds.of(ctx);
        var change = json.read(ctx, UserChange.class);
        ctx.json(admin.change(actor(ctx), id, change, RequestOrigin.of(ctx)));
    }

    private void delete(Context ctx) {
        admin.delete(actor(ctx), PathIds.of(ctx), RequestOrigin.of(ctx));
        ctx.status(204);
    }

    /** Lost factors (SPEC §9): every second factor removed, their sessions ended, the user mailed. */
    private void resetSecondFactors(Context ctx) {
        secondFactors.resetAll(PathIds.of(ctx), actor(ctx), RequestOrigin.of(ctx));
        ctx.status(204);
    }

    private void audit(Context ctx) {
        String userId = ctx.queryParam("userId");
        Long user = null;
        if (userId != null && !userId.isEmpty()) {
            try {
                user = Long.parseLong(userId);
            } catch (NumberFormatException e) {
                throw new ValidationFailed("userId", "must be a user id");
            }
        }
        ctx.json(admin.audit(user, QueryParams.limit(ctx, AdminUsers.DEFAULT_PAGE_SIZE), ctx.queryParam("cursor")));
    }

    private long actor(Context ctx) {
        return authentication.user(ctx).id();
    }

}
