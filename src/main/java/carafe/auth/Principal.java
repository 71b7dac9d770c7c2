package carafe.auth;

/** Who is making the request: the user and the session that proves it. */
public record Principal(User user, Session session) {
    public String csrfToken() {
        return session.csrfToken();
    }
}
