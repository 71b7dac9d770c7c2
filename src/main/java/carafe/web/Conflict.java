package carafe.web;

/** 409 Conflict. */
public final class Conflict extends HttpProblem {
    public Conflict(String detail) {
        super(409, "Conflict", detail);
    }
}
