package carafe.auth;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.web.ClientAddress;
import carafe.web.Unauthorized;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Ties sessions to requests: finds the signed-in user from the session cookie (once per request),
 * signs in with a fresh session id and signs out.
 */
public final class Authentication {
    private static final String PRINCIPAL = "carafe.principal";
    private static final Optional<Principal> NOBODY = Optional.empty();

    private final Sessions sessions;
    private final UserRepository users;
    private final SessionCookie cookie;
    private final AuditLog audit;

    public Authentication(Sessions sessions, UserRepository users, SessionCookie cookie, AuditLog audit) {
        this.sessions = sessions;
        this.users = users;
        this.cookie = cookie;
        this.audit = audit;
    }

    /** The signed-in user of this request, looked up on first use and remembered for the request. */
    public Optional<Principal> current(Context ctx) {
        Optional<Principal> known = ctx.attribute(PRINCIPAL);
        if (known != null) return known;
        Optional<Principal> found = resolve(ctx);
        ctx.attribute(PRINCIPAL, found);
        return found;
    }

    /** The signed-in user of a route that requires one ({@link Access#USER} has already checked). */
    public User user(Context ctx) {
        return current(ctx).orElseThrow(() -> new Unauthorized("Sign in first.")).user();
    }

    /**
     * Starts a new session for the user and ends the one the request came with, if any, so a session
     * id planted before sign-in is worthless after it (session fixation, ASVS 7.2.4).
     */
    public Principal signIn(Context ctx, User user, boolean remember) {
        sessions.end(cookie.read(ctx));
        var started = sessions.start(user.id(), remember, ClientAddress.of(ctx), ctx.header("User-Agent"));
        cookie.write(ctx, started.cookieValue(), remember, sessions.cookieLifetime(started.session()));
        var principal = new Principal(user, started.session());
        ctx.attribute(PRINCIPAL, Optional.of(principal));
        return principal;
    }

    /**
     * Moves the signed-in browser to a new session id (after a password change) and ends the old one;
     * the user is read again, so the principal carries what was just saved.
     */
    public Principal rotate(Context ctx) {
        var old = current(ctx).orElseThrow(() -> new Unauthorized("Sign in first."));
        var started = sessions.rotate(old.session(), ClientAddress.of(ctx), ctx.header("User-Agent"));
        cookie.write(ctx, started.cookieValue(), started.session().remember(), sessions.cookieLifetime(started.session()));
        var user = users.findById(old.user().id()).orElse(old.user());
        var principal = new Principal(user, started.session());
        ctx.attribute(PRINCIPAL, Optional.of(principal));
        return principal;
    }

    /** Forgets who this request is from, e.g. after its own session was revoked from the session list. */
    public void forget(Context ctx) {
        cookie.clear(ctx);
        ctx.attribute(PRINCIPAL, NOBODY);
    }

    /** Deletes the session server-side, so the cookie is dead everywhere, and clears it in the browser. */
    public void signOut(Context ctx) {
        current(ctx).ifPresent(signedIn -> audit.record(signedIn.user().id(), AuditType.LOGOUT, RequestOrigin.of(ctx)));
        sessions.end(cookie.read(ctx));
        cookie.clear(ctx);
        ctx.attribute(PRINCIPAL, NOBODY);
    }

    private Optional<Principal> resolve(Context ctx) {
        String value = cookie.read(ctx);
        if (value == null) return NOBODY;
        var session = sessions.resolve(value);
        if (session.isEmpty()) return NOBODY;
        var user = users.findById(session.get().userId()).filter(User::active);
        if (user.isEmpty()) {
            sessions.end(value);
            return NOBODY;
        }
        return Optional.of(new Principal(user.get(), session.get()));
    }
}
