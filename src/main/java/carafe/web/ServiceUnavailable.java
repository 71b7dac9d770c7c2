package carafe.web;

import java.time.Duration;
import java.util.Map;

/** 503: the server is busy or not ready; the client may retry after the given time. */
public final class ServiceUnavailable extends HttpProblem {
    public ServiceUnavailable(String detail, Duration retryAfter) {
        super(503, "Service unavailable", detail,
                Map.of("Retry-After", Long.toString(Math.max(1, retryAfter.toSeconds()))));
    }
}
