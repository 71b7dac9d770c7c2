package carafe.auth;

import io.javalin.security.RouteRole;

/**
 * Who may call a route; {@link AccessControl} enforces it before the handler runs, for API routes and
 * pages alike. Every route names exactly one: routes are private by default, and a route registered
 * without a rule stops start-up ({@link AccessControl#requireRuleOnEveryRoute}), so forgetting one
 * cannot make a page public. Public pages and static files say {@link #ANYONE}.
 */
public enum Access implements RouteRole {
    /** Anyone; an unsafe request that comes with a session still needs its CSRF token. */
    ANYONE,
    /** A signed-in user: with a session, or on {@code /api} with an API token. */
    USER,
    /**
     * A signed-in user with a session, that is who proved their password in a browser or at the login
     * API. An API token gets 403: it cannot create or revoke tokens or use what only a session has
     * (its CSRF token), so a leaked token cannot be turned into more or longer-lived access.
     */
    SESSION,
    /**
     * Sign-in and sign-up: anyone, and no session CSRF token (the caller may not have a session yet);
     * protected against login CSRF by the cross-site check and, for forms, a pre-session token.
     */
    SIGN_IN,
    /**
     * A signed-in user with the {@code admin} role, by session or (on {@code /api}) API token; anyone
     * else signed in gets 403. The role is read from the database on every request, so a demoted admin
     * loses access at once.
     */
    ADMIN
}
