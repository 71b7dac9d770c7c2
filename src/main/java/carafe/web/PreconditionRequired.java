package carafe.web;

/** 428 Precondition required. */
public final class PreconditionRequired extends HttpProblem {
    public PreconditionRequired(String detail) {
        super(428, "Precondition required", detail);
    }
}
