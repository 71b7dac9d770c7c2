package carafe.auth;

import carafe.web.ErrorResponses;
import carafe.web.Forbidden;
import carafe.web.Unauthorized;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;

/**
 * The guard that runs before every matched route: requires a signed-in user where the route says so,
 * and a CSRF token on every unsafe request that a session cookie authenticates (SPEC §4). Requests an
 * API token authenticates need none, and are refused on {@link Access#SESSION} routes.
 */
public final class AccessControl {
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_FIELD = "_csrf";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    private final Authentication authentication;

    public AccessControl(Authentication authentication) {
        this.authentication = authentication;
    }

    /**
     * Makes registering an HTTP route without exactly one {@link Access} rule fail, naming the route:
     * Javalin would otherwise serve it to anyone (a route with no role passes every guard).
     */
    public static void requireRuleOnEveryRoute(JavalinConfig config) {
        config.events.handlerAdded(handler -> {
            if (!handler.getHttpMethod().isHttpMethod()) return;
            long rules = handler.getRoles().stream().filter(Access.class::isInstance).count();
            if (rules != 1) {
                throw new MissingAccessRule(handler.getHttpMethod().name() + " " + handler.getPath(), rules);
            }
        });
    }

    /** A route registered without exactly one access rule: a programming error, found at start-up. */
    public static final class MissingAccessRule extends IllegalStateException {
        MissingAccessRule(String route, long rules) {
            super("The route " + route + (rules == 0 ? " has no access rule" : " has " + rules + " access rules")
                    + ": name exactly one of " + java.util.Arrays.toString(Access.values())
                    + " when registering it (routes are private by default; public ones say Access.ANYONE).");
        }
    }

    public void check(Context ctx) {
        var roles = ctx.routeRoles();
        if (roles.contains(Access.SIGN_IN)) return;
        boolean unsafe = !SAFE.contains(ctx.method());
        boolean signedInOnly = roles.contains(Access.USER) || roles.contains(Access.SESSION)
                || roles.contains(Access.ADMIN);
        // A presented API token is checked on every /api route, so a bad one is 401 wherever it is sent.
        if (signedInOnly || unsafe || authentication.presentsApiToken(ctx)) {
            var principal = authentication.current(ctx);
            if (principal.isEmpty()) {
                if (signedInOnly) refuseAnonymous(ctx);
                return;
            }
            if (roles.contains(Access.ADMIN) && !principal.get().user().roles().contains(User.ADMIN)) {
                throw new Forbidden("Only an administrator can do this.");
            }
            if (principal.get().viaApiToken()) {
                if (roles.contains(Access.SESSION)) {
                    throw new Forbidden("An API token cannot do this; sign in with your password instead.");
                }
                return; // no CSRF token: a browser never attaches an Authorization header on its own
            }
            if (unsafe && !hasValidCsrfToken(ctx, principal.get())) {
                // A person with a stale form (signed out and in again in another tab) gets words, not jargon.
                if (isForm(ctx) && ErrorResponses.wantsHtml(ctx)) {
                    throw new Forbidden("This form has expired. Please go back, reload the page and submit it again.");
                }
                throw new Forbidden("Missing or wrong CSRF token: send the session's csrfToken in the "
                        + CSRF_HEADER + " header (or the " + CSRF_FIELD + " form field).");
            }
        }
    }

    private static boolean hasValidCsrfToken(Context ctx, Principal principal) {
        String given = ctx.header(CSRF_HEADER);
        if (given == null && isForm(ctx)) given = ctx.formParam(CSRF_FIELD);
        return SecretTokens.equal(principal.csrfToken(), given);
    }

    private static boolean isForm(Context ctx) {
        String type = ctx.contentType();
        return type != null && (type.startsWith("application/x-www-form-urlencoded") || type.startsWith("multipart/form-data"));
    }

    /** Browsers asking for a page go to the sign-in form and come back after; everyone else gets 401. */
    private static void refuseAnonymous(Context ctx) {
        if (ErrorResponses.wantsHtml(ctx) && ctx.method() == HandlerType.GET) {
            ctx.redirect("/login?next=" + URLEncoder.encode(ctx.path(), StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            ctx.skipRemainingHandlers();
            return;
        }
        if (!Authentication.isApi(ctx)) throw new Unauthorized("Sign in first.");
        // RFC 9110 §15.5.2: a 401 names how to authenticate; scripts can use an API token (RFC 6750 §3).
        throw new Unauthorized("Sign in first, or send an API token as Authorization: Bearer.",
                Map.of("WWW-Authenticate", Authentication.CHALLENGE));
    }
}
