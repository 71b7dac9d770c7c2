package carafe.account;

import carafe.audit.AuditEvent;
import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.AuthThrottle;
import carafe.auth.Authentication;
import carafe.auth.Principal;
import carafe.auth.Sessions;
import carafe.auth.User;
import carafe.web.JsonBody;
import carafe.web.NotFound;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/** {@code /api/account}: the signed-in user's profile, password, sessions and security events, as JSON. */
public final class AccountApi {
    static final int RECENT_EVENTS = 20;

    private final AccountSettings settings;
    private final EmailConfirmations confirmations;
    private final Sessions sessions;
    private final Authentication authentication;
    private final AuthThrottle throttle;
    private final AuditLog audit;
    private final JsonBody json;

    public AccountApi(AccountSettings settings, EmailConfirmations confirmations, Sessions sessions, Authentication authentication, AuthThrottle throttle, AuditLog audit,
                      JsonBody json) {
        this.settings = settings;
        this.confirmations = confirmations;
        this.sessions = sessions;
        this.authentication = authentication;
        this.throttle = throttle;
        this.audit = audit;
        this.json = json;
    }

    public void routes(RoutesConfig routes) {
        // Reading the account works with an API token; changing credentials, email or sessions needs a
        // session, so a leaked token cannot take the account over (docs/decisions/0012-api-tokens.md).
        routes.get("/api/account", this::show, Access.USER);
        routes.patch("/api/account", this::change, Access.SESSION);
        routes.post("/api/account/password", this::changePassword, Access.SESSION);
        routes.post("/api/account/confirmation", this::resendConfirmation, Access.SESSION);
        routes.get("/api/account/sessions", this::listSessions, Access.SESSION);
        routes.delete("/api/account/sessions/{id}", this::endSession, Access.SESSION);
        routes.post("/api/account/sessions/sign-out-others", this::endOtherSessions, Access.SESSION);
        routes.get("/api/account/events", this::events, Access.USER);
    }

    private void show(Context ctx) {
        ctx.json(view(authentication.user(ctx)));
    }

    private void change(Context ctx) {
        var user = authentication.user(ctx);
        var change = json.read(ctx, ProfileChange.class);
        var changed = settings.change(user, change, RequestOrigin.of(ctx), newEmail -> throttle.confirmResend(ctx, newEmail));
        ctx.json(view(changed.user()));
    }

    private void changePassword(Context ctx) {
        var change = json.read(ctx, PasswordChange.class);
        settings.changePassword(principal(ctx), change, RequestOrigin.of(ctx));
        authentication.rotate(ctx);
        ctx.status(204);
    }

    private void resendConfirmation(Context ctx) {
        var user = authentication.user(ctx);
        throttle.confirmResend(ctx, user.email());
        confirmations.resend(user);
        ctx.status(202).json(Map.of("detail", EmailConfirmations.RESENT));
    }

    private void listSessions(Context ctx) {
        var principal = principal(ctx);
        List<SessionView> list = sessions.listFor(principal.user().id()).stream()
                .map(session -> SessionView.of(session, principal.session()))
                .toList();
        ctx.json(list);
    }

    private void endSession(Context ctx) {
        var principal = principal(ctx);
        String id = ctx.pathParam("id");
        boolean current = principal.session() != null && principal.session().publicId().equals(id);
        if (!sessions.endByPublicId(principal.user().id(), id)) throw new NotFound("No such session.");
        audit.record(principal.user().id(), null, AuditType.SESSION_REVOKED, RequestOrigin.of(ctx), null);
        if (current) authentication.forget(ctx);
        ctx.status(204);
    }

    private void endOtherSessions(Context ctx) {
        var principal = principal(ctx);
        int ended = sessions.endAllOthers(principal.session());
        audit.record(principal.user().id(), null, AuditType.SESSION_REVOKED, RequestOrigin.of(ctx),
                "all other sessions (" + ended + ")");
        ctx.json(Map.of("signedOut", ended));
    }

    private void events(Context ctx) {
        List<AuditEvent> events = audit.recentFor(authentication.user(ctx).id(), RECENT_EVENTS);
        ctx.json(events.stream().map(SecurityEventView::of).toList());
    }

    private AccountView view(User user) {
        return settings.view(user);
    }

    private Principal principal(Context ctx) {
        return authentication.current(ctx).orElseThrow();
    }
}
