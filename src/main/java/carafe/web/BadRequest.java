package carafe.web;

/** 400 Bad request. */
public final class BadRequest extends HttpProblem {
    public BadRequest(String detail) {
        super(400, "Bad request", detail);
    }
}
