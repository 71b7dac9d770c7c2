package carafe.web;

/** 404 Not found. */
public final class NotFound extends HttpProblem {
    public NotFound(String detail) {
        super(404, "Not found", detail);
    }
}
