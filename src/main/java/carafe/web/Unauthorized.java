package carafe.web;

/** 401 Unauthorized: not signed in, or the session has ended. */
public final class Unauthorized extends HttpProblem {
    public Unauthorized(String detail) {
        super(401, "Unauthorized", detail);
    }
}
