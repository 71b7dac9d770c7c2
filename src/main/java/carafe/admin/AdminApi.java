package carafe.admin;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Authentication;
import carafe.web.JsonBody;
import carafe.web.NotFound;
import carafe.web.ValidationFailed;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code /api/admin}: users and the audit trail, for administrators only ({@link Access#ADMIN}). */
public final class AdminApi {
    private final AdminUsers admin;
    private final Authentication authentication;
    private final JsonBody json;

    public AdminApi(AdminUsers admin, Authentication authentication, JsonBody json) {
        this.admin = admin;
        this.authentication = authentication;
        this.json = json;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/api/admin/users", this::list, Access.ADMIN);
        routes.get("/api/admin/users/{id}", ctx -> ctx.json(admin.get(id(ctx))), Access.ADMIN);
        routes.patch("/api/admin/users/{id}", this::change, Access.ADMIN);
        routes.delete("/api/admin/users/{id}", this::delete, Access.ADMIN);
        routes.get("/api/admin/audit", this::audit, Access.ADMIN);
    }

    private void list(Context ctx) {
        ctx.json(admin.list(ctx.queryParam("q"), limit(ctx), ctx.queryParam("cursor")));
    }

    private void change(Context ctx) {
        long id = id(ctx);
        var change = json.read(ctx, UserChange.class);
        ctx.json(admin.change(actor(ctx), id, change, RequestOrigin.of(ctx)));
    }

    private void delete(Context ctx) {
        admin.delete(actor(ctx), id(ctx), RequestOrigin.of(ctx));
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
        ctx.json(admin.audit(user, limit(ctx), ctx.queryParam("cursor")));
    }

    private long actor(Context ctx) {
        return authentication.user(ctx).id();
    }

    /** A user id from the path; anything that is not one cannot name a user: 404, never 500. */
    static long id(Context ctx) {
        try {
            return Long.parseLong(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new NotFound("No such user.");
        }
    }

    static int limit(Context ctx) {
        String limit = ctx.queryParam("limit");
        if (limit == null || limit.isEmpty()) return AdminUsers.DEFAULT_PAGE_SIZE;
        try {
            return Integer.parseInt(limit);
        } catch (NumberFormatException e) {
            throw new ValidationFailed("limit", "must be a whole number from 1 to " + AdminUsers.MAX_PAGE_SIZE);
        }
    }
}
