package carafe.admin;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Authentication;
import carafe.auth.Pages;
import carafe.auth.User;
import carafe.web.Flash;
import carafe.web.PathIds;
import carafe.web.Conflict;
import carafe.web.Text;
import carafe.web.ValidationFailed;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.Map;

/**
 * {@code /admin/users}: find users, open one, change their roles, (de)activate or delete them. The same
 * rules as the admin API (the same {@link AdminUsers}); plain forms with post/redirect/get and a flash.
 */
public final class AdminPages {
    static final int RECENT_EVENTS = 10;

    private final AdminUsers admin;
    private final Authentication authentication;
    private final Pages pages;
    private final Flash flash;

    public AdminPages(AdminUsers admin, Authentication authentication, Pages pages, Flash flash) {
        this.admin = admin;
        this.authentication = authentication;
        this.pages = pages;
        this.flash = flash;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/admin/users", this::list, Access.ADMIN);
        routes.get("/admin/users/{id}", this::show, Access.ADMIN);
        routes.post("/admin/users/{id}/roles", this::changeRoles, Access.ADMIN);
        routes.post("/admin/users/{id}/active", this::changeActive, Access.ADMIN);
        routes.get("/admin/users/{id}/delete", this::confirmDelete, Access.ADMIN);
        routes.post("/admin/users/{id}/delete", this::delete, Access.ADMIN);
    }

    private void list(Context ctx) {
        String q = ctx.queryParam("q");
        if (q != null && !Text.isWellFormed(q)) q = null;
        Listing<User> users;
        try {
            users = admin.list(q, AdminUsers.DEFAULT_PAGE_SIZE, ctx.queryParam("cursor"));
        } catch (ValidationFailed badCursorOrQuery) {
            users = admin.list(null, AdminUsers.DEFAULT_PAGE_SIZE, null);
            q = null;
        }
        pages.render(ctx, "admin/users.jte", "Users", Map.of("users", users, "q", q == null ? "" : q.strip()));
    }

    private void show(Context ctx) {
        var user = admin.get(PathIds.of(ctx));
        var events = admin.audit(user.id(), RECENT_EVENTS, null).items();
        pages.render(ctx, "admin/user.jte", user.name(), Map.of("user", user, "events", events));
    }

    private void changeRoles(Context ctx) {
        long id = PathIds.of(ctx);
        var roles = "on".equals(ctx.formParam("admin")) ? List.of(User.USER, User.ADMIN) : List.of(User.USER);
        apply(ctx, id, new UserChange(roles, null), "Roles saved; their sessions have ended.");
    }

    private void changeActive(Context ctx) {
        long id = PathIds.of(ctx);
        boolean active = "true".equals(ctx.formParam("active"));
        apply(ctx, id, new UserChange(null, active), active ? "Account activated."
                : "Account deactivated: their sessions and API tokens have ended.");
    }

    private void apply(Context ctx, long id, UserChange change, String done) {
        try {
            admin.change(actor(ctx), id, change, RequestOrigin.of(ctx));
            flash.set(ctx, Flash.Kind.SUCCESS, done);
        } catch (Conflict lastAdmin) {
            flash.set(ctx, Flash.Kind.ERROR, lastAdmin.detail());
        }
        ctx.redirect("/admin/users/" + id, HttpStatus.SEE_OTHER);
    }

    private void confirmDelete(Context ctx) {
        pages.render(ctx, "admin/delete.jte", "Delete user", Map.of("user", admin.get(PathIds.of(ctx))));
    }

    private void delete(Context ctx) {
        long id = PathIds.of(ctx);
        try {
            admin.delete(actor(ctx), id, RequestOrigin.of(ctx));
        } catch (Conflict lastAdmin) {
            flash.set(ctx, Flash.Kind.ERROR, lastAdmin.detail());
            ctx.redirect("/admin/users/" + id, HttpStatus.SEE_OTHER);
            return;
        }
        flash.set(ctx, Flash.Kind.INFO, "User deleted, with everything they owned.");
        ctx.redirect("/admin/users", HttpStatus.SEE_OTHER);
    }

    private long actor(Context ctx) {
        return authentication.user(ctx).id();
    }
}
