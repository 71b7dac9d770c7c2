package carafe.web;

/** 415 Unsupported media type. */
public final class UnsupportedMediaType extends HttpProblem {
    public UnsupportedMediaType(String detail) {
        super(415, "Unsupported media type", detail);
    }
}
