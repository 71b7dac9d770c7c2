package carafe.web;

/** 403 Forbidden. */
public final class Forbidden extends HttpProblem {
    public Forbidden(String detail) {
        super(403, "Forbidden", detail);
    }
}
