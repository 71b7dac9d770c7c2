package carafe.admin;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Assurance;
import carafe.auth.Authentication;
import carafe.auth.User;
import carafe.mfa.SecondFactors;
import carafe.web.Flash;
import carafe.web.Pages;
import carafe.web.PathIds;
import carafe.web.Conflict;
import carafe.web.QueryParams;
import carafe.web.ValidationFailed;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;

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
    private final SecondFactors secondFactors;

    public AdminPages(AdminUsers admin, Authentication authentication, Pages pages, Flash flash,
                      SecondFactors secondFactors) {
        this.admin = admin;
        this.authentication = authentication;
        this.pages = pages;
        this.flash = flash;
        this.secondFactors = secondFactors;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/admin/users", this::list, Access.ADMIN);
        routes.get("/admin/users/{id}", this::show, Access.ADMIN);
        // SPEC §9: an administrator's changes to others need a recent sign-in (ASVS 7.5.x).
        routes.post("/admin/users/{id}/roles", this::changeRoles, Access.ADMIN, Assurance.RECENT_SIGN_IN);
        routes.post("/admin/users/{id}/active", this::changeActive, Access.ADMIN, Assurance.RECENT_SIGN_IN);
        routes.post("/admin/users/{id}/second-factors/reset", this::resetSecondFactors, Access.ADMIN,
                Assurance.RECENT_SIGN_IN);
        routes.get("/admin/users/{id}/delete", this::confirmDelete, Access.ADMIN);
        routes.post("/admin/users/{id}/delete", this::delete, Access.ADMIN, Assurance.RECENT_SIGN_IN);
    }

    private void list(Context ctx) {
        String search = QueryParams.search(ctx);
        try {
            showList(ctx, admin.list(search, AdminUsers.DEFAULT_PAGE_SIZE, ctx.queryParam("cursor")), search);
        } catch (ValidationFailed editedAddress) {
            // A cursor or search the page never links to: the first page rather than an error.
            showList(ctx, admin.list(null, AdminUsers.DEFAULT_PAGE_SIZE, null), "");
        }
    }

    private void showList(Context ctx, Listing<User> found, String search) {
        pages.render(ctx, "Users", (templates, page) -> templates.adminUsers(page, found, search));
    }

    private void show(Context ctx) {
        var user = admin.get(PathIds.of(ctx));
        var events = admin.audit(user.id(), RECENT_EVENTS, null).items();
        pages.render(ctx, user.name(), (templates, page) -> templates.adminUser(page, user, events));
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

    private void resetSecondFactors(Context ctx) {
        long id = PathIds.of(ctx);
        secondFactors.resetAll(id, actor(ctx), RequestOrigin.of(ctx));
        flash.set(ctx, Flash.Kind.SUCCESS, "Two-step sign-in reset: every second factor is gone and their sessions have "
                + "ended. They have been told by mail.");
        ctx.redirect("/admin/users/" + id, HttpStatus.SEE_OTHER);
    }

    private void confirmDelete(Context ctx) {
        var user = admin.get(PathIds.of(ctx));
        pages.render(ctx, "Delete user", (templates, page) -> templates.adminDelete(page, user));
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
