package carafe.web;

import java.util.Map;

/** 401 Unauthorized: not signed in, or the session has ended. */
public final class Unauthorized extends HttpProblem {
    public Unauthorized(String detail) {
        super(401, "Unauthorized", detail);
    }

    /** With headers to send along, e.g. the {@code WWW-Authenticate} challenge. */
    public Unauthorized(String detail, Map<String, String> headers) {
        super(401, "Unauthorized", detail, headers);
    }
}
