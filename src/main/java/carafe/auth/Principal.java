package carafe.auth;

/**
 * Who is making the request: the user and what proves it, either a session (a browser, signed in with
 * a password) or an API token (a script). Exactly one of {@code session} and {@code apiToken} is set.
 */
public record Principal(User user, Session session, ApiToken apiToken) {
    public Principal {
        if ((session == null) == (apiToken == null)) {
            throw new IllegalArgumentException("A principal is proven by a session or by an API token, not both or neither");
        }
    }

    /** Signed in with a session. */
    public Principal(User user, Session session) {
        this(user, session, null);
    }

    /** Authenticated by {@code Authorization: Bearer} with an API token. */
    public static Principal byApiToken(User user, ApiToken token) {
        return new Principal(user, null, token);
    }

    public boolean viaApiToken() {
        return apiToken != null;
    }

    /**
     * The session's CSRF token; null for an API token, whose requests need none: a browser never adds an
     * {@code Authorization} header on its own, so another site cannot make it send one.
     */
    public String csrfToken() {
        return session == null ? null : session.csrfToken();
    }
}
