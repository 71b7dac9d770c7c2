package carafe.web;

import java.time.Duration;
import java.util.Map;

/** 429: the client must wait; Retry-After says how long (whole seconds, at least one). */
public final class TooManyRequests extends HttpProblem {
    public TooManyRequests(String detail, Duration retryAfter) {
        super(429, "Too many requests", detail,
                Map.of("Retry-After", Long.toString(Math.max(1, (retryAfter.toMillis() + 999) / 1000))));
    }
}
