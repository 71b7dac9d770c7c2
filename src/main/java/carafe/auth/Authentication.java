package carafe.auth;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.web.ClientAddress;
import carafe.web.Page;
import carafe.web.Unauthorized;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Ties sessions and API tokens to requests: finds who is making the request (once per request), signs
 * in with a fresh session id and signs out.
 *
 * <p>An {@code /api} request with {@code Authorization: Bearer} is authenticated by that token alone: its
 * session cookie, if any, is not read, and an invalid token is 401 even when the cookie is good. So a
 * request never mixes the two, and "no CSRF token needed" holds exactly when a token proved who it is
 * (docs/decisions/0012-api-tokens.md). Pages never accept tokens.
 */
public final class Authentication {
    private static final String PRINCIPAL = "carafe.principal";
    private static final Optional<Principal> NOBODY = Optional.empty();
    private static final String BEARER = "Bearer";
    /** RFC 6750 §3: how a client learns that a bearer token is accepted here, and why one was refused. */
    static final String CHALLENGE = "Bearer realm=\"carafe\"";
    private static final String INVALID_TOKEN = CHALLENGE + ", error=\"invalid_token\"";

    private final Sessions sessions;
    private final UserRepository users;
    private final SessionCookie cookie;
    private final ApiTokens apiTokens;
    private final AuditLog audit;

    public Authentication(Sessions sessions, UserRepository users, SessionCookie cookie, ApiTokens apiTokens,
                          AuditLog audit) {
        this.sessions = sessions;
        this.users = users;
        this.cookie = cookie;
        this.apiTokens = apiTokens;
        this.audit = audit;
    }

    /**
     * Who is making this request, looked up on first use and remembered for the request. Throws 401
     * when an {@code /api} request presents an API token that is unknown, revoked or expired, or whose
     * user is deactivated.
     */
    public Optional<Principal> current(Context ctx) {
        return presented(ctx).filter(principal -> principal.session() == null || !principal.session().pending());
    }

    /**
     * The pending sign-in this browser holds (password accepted, second factor due), or empty. It opens
     * nothing: {@link #current} never returns it.
     */
    public Optional<Principal> pendingSignIn(Context ctx) {
        return presented(ctx).filter(principal -> principal.session() != null && principal.session().pending());
    }

    /** What the request's cookie or API token proves, pending sign-ins included; looked up once per request. */
    private Optional<Principal> presented(Context ctx) {
        Optional<Principal> known = ctx.attribute(PRINCIPAL);
        if (known != null) return known;
        Optional<Principal> found = resolve(ctx);
        ctx.attribute(PRINCIPAL, found);
        return found;
    }

    /** Who is signed in, as the layout of a page shows them (with the CSRF token its forms carry). */
    public Optional<Page.Viewer> viewer(Context ctx) {
        return current(ctx).map(p -> new Page.Viewer(p.user().name(), p.user().email(),
                p.user().roles().contains(User.ADMIN), p.csrfToken()));
    }

    /** The signed-in user of a route that requires one ({@link Access#USER} has already checked). */
    public User user(Context ctx) {
        return current(ctx).orElseThrow(() -> new Unauthorized("Sign in first.")).user();
    }

    /**
     * Starts a new session for the user, authenticated by {@code amr}, and ends the one the request came
     * with, if any (a pending sign-in included), so a session id planted before sign-in is worthless
     * after it (session fixation, ASVS 7.2.4).
     */
    public Principal signIn(Context ctx, User user, boolean remember, List<String> amr) {
        sessions.end(cookie.read(ctx));
        var started = sessions.start(user.id(), remember, amr, ClientAddress.of(ctx), ctx.header("User-Agent"));
        return use(ctx, user, started);
    }

    /**
     * The password was right and a second factor is due: the browser gets a pending sign-in instead of a
     * session (a new id too), which opens nothing until the second step completes it.
     */
    public void startPendingSignIn(Context ctx, User user, boolean remember) {
        startPendingSignIn(ctx, user, remember, List.of(Amr.PASSWORD));
    }

    /** The same after another first factor (an email code, an identity provider), which {@code firstFactor} names. */
    public void startPendingSignIn(Context ctx, User user, boolean remember, List<String> firstFactor) {
        sessions.end(cookie.read(ctx));
        var started = sessions.startPending(user.id(), remember, firstFactor, ClientAddress.of(ctx),
                ctx.header("User-Agent"));
        cookie.write(ctx, started.cookieValue(), false, Sessions.PENDING_LIFETIME);
        ctx.attribute(PRINCIPAL, Optional.of(new Principal(user, started.session())));
    }

    /**
     * Renews the signed-in browser's sign-in time after it proved itself again with {@code method}, under
     * a new session id (ASVS 7.2.4), so the operations that need a recent sign-in work again.
     */
    public Principal reauthenticate(Context ctx, String method) {
        var signedIn = current(ctx).orElseThrow(() -> new Unauthorized("Sign in first."));
        var started = sessions.reauthenticate(signedIn.session(), method, ClientAddress.of(ctx), ctx.header("User-Agent"));
        return use(ctx, signedIn.user(), started);
    }

    private Principal use(Context ctx, User user, Sessions.Started started) {
        cookie.write(ctx, started.cookieValue(), started.session().remember(), sessions.cookieLifetime(started.session()));
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
        return use(ctx, users.findById(old.user().id()).orElse(old.user()), started);
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

    /** Whether the request carries a session cookie, valid or not. */
    public boolean presentsSessionCookie(Context ctx) {
        String value = cookie.read(ctx);
        return value != null && !value.isEmpty();
    }

    /** Whether this is an {@code /api} request with {@code Authorization: Bearer}, valid or not. */
    public boolean presentsApiToken(Context ctx) {
        return bearerToken(ctx) != null;
    }

    private Optional<Principal> resolve(Context ctx) {
        String bearer = bearerToken(ctx);
        if (bearer != null) return Optional.of(byApiToken(bearer));
        String value = cookie.read(ctx);
        if (value == null) return NOBODY;
        var signedIn = sessions.resolve(value, users);
        if (signedIn.isEmpty()) return NOBODY;
        if (!signedIn.get().user().active()) {
            sessions.end(value);
            return NOBODY;
        }
        return signedIn;
    }

    private Principal byApiToken(String secret) {
        var found = apiTokens.resolve(secret);
        // A deactivated user's tokens stop working at once; they are kept, in case the account comes back.
        var user = found.flatMap(f -> users.findById(f.userId())).filter(User::active);
        if (user.isEmpty()) {
            throw new Unauthorized("The API token is invalid, expired or revoked.", Map.of("WWW-Authenticate", INVALID_TOKEN));
        }
        apiTokens.recordUse(found.get().token());
        return Principal.byApiToken(user.get(), found.get().token());
    }

    /** The token of {@code Authorization: Bearer <token>} on an {@code /api} path (scheme in any case), or null. */
    private static String bearerToken(Context ctx) {
        if (!isApi(ctx)) return null;
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) return null;
        if (header.length() > BEARER.length() && header.charAt(BEARER.length()) != ' ') return null; // "Bearerx"
        return header.substring(BEARER.length()).strip(); // "Bearer" alone: an empty, invalid token
    }

    /** API tokens work on the JSON API only; pages take sessions alone. */
    static boolean isApi(Context ctx) {
        String path = ctx.path();
        return path.equals("/api") || path.startsWith("/api/");
    }
}
