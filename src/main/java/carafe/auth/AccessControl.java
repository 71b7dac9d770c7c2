package carafe.auth;

import carafe.web.ErrorResponses;
import carafe.web.Forbidden;
import carafe.web.HttpProblem;
import carafe.web.Unauthorized;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The guard that runs before every matched route: requires a signed-in user where the route says so,
 * and a CSRF token on every unsafe request that a session cookie authenticates (SPEC §4). Requests an
 * API token authenticates need none, and are refused on {@link Access#SESSION} routes.
 */
public final class AccessControl {
    public static final String CSRF_HEADER = "X-CSRF-Token";
    public static final String CSRF_FIELD = "_csrf";
    private static final Set<HandlerType> SAFE = Set.of(HandlerType.GET, HandlerType.HEAD, HandlerType.OPTIONS);

    /** Where a page sends a user whose role requires a second factor they lack. */
    public static final String SECOND_FACTOR_SETUP = "/account/two-step";
    /** Where a page sends a user whose sign-in is not recent enough for what they asked. */
    public static final String REAUTHENTICATE = "/reauthenticate";

    private final Authentication authentication;
    private final SecondFactorGate secondFactors;
    private final boolean someRoleRequiresSecondFactor;
    private final Duration reauthWindow;
    private final Clock clock;
    private final Predicate<String> isPage;

    /**
     * @param someRoleRequiresSecondFactor whether CARAFE_MFA_REQUIRED_ROLES names any role; when not, no
     *     request pays for the check
     * @param reauthWindow how recent a sign-in {@link Assurance#RECENT_SIGN_IN} routes need (CARAFE_REAUTH_WINDOW)
     * @param isPage whether a GET route answers a path: where a browser may come back to
     */
    public AccessControl(Authentication authentication, SecondFactorGate secondFactors,
                         boolean someRoleRequiresSecondFactor, Duration reauthWindow, Clock clock,
                         Predicate<String> isPage) {
        this.authentication = authentication;
        this.secondFactors = secondFactors;
        this.someRoleRequiresSecondFactor = someRoleRequiresSecondFactor;
        this.reauthWindow = reauthWindow;
        this.clock = clock;
        this.isPage = isPage;
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
        // With roles that require a second factor, a signed-in browser's every page is checked too.
        boolean secondFactorMayBeDue = someRoleRequiresSecondFactor
                && !roles.contains(Assurance.BEFORE_SECOND_FACTOR) && authentication.presentsSessionCookie(ctx);
        if (!(signedInOnly || unsafe || secondFactorMayBeDue || authentication.presentsApiToken(ctx))) return;
        var found = authentication.current(ctx);
        if (found.isEmpty()) {
            if (signedInOnly) refuseAnonymous(ctx);
            return;
        }
        var principal = found.get();
        if (!roles.contains(Assurance.BEFORE_SECOND_FACTOR) && lacksRequiredSecondFactor(principal.user())) {
            refuse(ctx, new SecondFactorRequired(), SECOND_FACTOR_SETUP);
            return;
        }
        if (roles.contains(Access.ADMIN) && !principal.user().roles().contains(User.ADMIN)) {
            throw new Forbidden("Only an administrator can do this.");
        }
        if (principal.viaApiToken()) {
            if (roles.contains(Access.SESSION)) {
                throw new Forbidden("An API token cannot do this; sign in with your password instead.");
            }
            if (roles.contains(Assurance.RECENT_SIGN_IN)) {
                throw new Forbidden("An API token cannot do this: it needs a recent sign-in with your password.");
            }
            return; // no CSRF token: a browser never attaches an Authorization header on its own
        }
        if (unsafe && !hasValidCsrfToken(ctx, principal)) {
            // A person with a stale form (signed out and in again in another tab) gets words, not jargon.
            if (isForm(ctx) && ErrorResponses.wantsHtml(ctx)) {
                throw new Forbidden("This form has expired. Please go back, reload the page and submit it again.");
            }
            throw new Forbidden("Missing or wrong CSRF token: send the session's csrfToken in the "
                    + CSRF_HEADER + " header (or the " + CSRF_FIELD + " form field).");
        }
        if (roles.contains(Assurance.RECENT_SIGN_IN) && !isRecent(principal.session())) {
            refuse(ctx, new ReauthenticationRequired(), REAUTHENTICATE + "?next=" + encode(returnTo(ctx)));
        }
    }

    /** Whether the session was made, or renewed by re-authentication, within the window (ASVS 7.5.1). */
    public boolean isRecent(Session session) {
        return session.authAt().plus(reauthWindow).isAfter(clock.instant());
    }

    private boolean lacksRequiredSecondFactor(User user) {
        return someRoleRequiresSecondFactor && secondFactors.requiredFor(user) && !secondFactors.hasSecondFactor(user.id());
    }

    /** An API client gets the problem; a browser goes to the page that resolves it. */
    private static void refuse(Context ctx, HttpProblem problem, String page) {
        if (!ErrorResponses.wantsHtml(ctx)) throw problem;
        ctx.redirect(page, HttpStatus.SEE_OTHER);
        ctx.skipRemainingHandlers();
    }

    /**
     * Where to come back to after re-authenticating: the page asked for, or for a form the page it was on
     * (its Referer, when on this site), since the form's own address answers POST only. A page shown as
     * the answer to a form (its address a POST route, e.g. the account page after a field error) cannot
     * be asked for again: then the account page.
     */
    private String returnTo(Context ctx) {
        if (SAFE.contains(ctx.method())) return ctx.path();
        String referer = ctx.header("Referer");
        if (referer != null) {
            try {
                var uri = java.net.URI.create(referer);
                String host = ctx.host();
                String path = uri.getRawPath();
                if (path != null && path.startsWith("/") && host != null
                        && host.equalsIgnoreCase(uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort()))
                        && isPage.test(path)) {
                    return path;
                }
            } catch (IllegalArgumentException notAnAddress) {
                // fall through
            }
        }
        return "/account";
    }

    private static String encode(String path) {
        return URLEncoder.encode(path, StandardCharsets.UTF_8);
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
