package carafe.web;

/** 412 Precondition failed. */
public final class PreconditionFailed extends HttpProblem {
    public PreconditionFailed(String detail) {
        super(412, "Precondition failed", detail);
    }
}
