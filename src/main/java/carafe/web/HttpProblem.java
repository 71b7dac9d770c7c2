package carafe.web;

import java.util.Map;

/**
 * A failure that has an HTTP status and a message safe to show the client. Handlers and services
 * throw a subclass; {@link ErrorResponses} turns it into problem+json or an error page.
 */
public class HttpProblem extends RuntimeException {
    /** RFC 9457 §4.2.1: a problem that is no more than its status. */
    public static final String NO_TYPE = "about:blank";

    private final int status;
    private final String type;
    private final String title;
    private final Map<String, String> headers;

    public HttpProblem(int status, String title, String detail) {
        this(status, title, detail, Map.of());
    }

    public HttpProblem(int status, String title, String detail, Map<String, String> headers) {
        this(status, NO_TYPE, title, detail, headers);
    }

    /**
     * A problem a client must tell apart from others of its status, named by {@code type}: a URI
     * reference such as {@code /problems/reauthentication-required} (relative to the API's address).
     */
    public HttpProblem(int status, String type, String title, String detail, Map<String, String> headers) {
        super(detail, null, false, false); // no stack trace: these are expected outcomes, not bugs
        this.status = status;
        this.type = type;
        this.title = title;
        this.headers = headers;
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    public String title() {
        return title;
    }

    public String detail() {
        return getMessage();
    }

    /** Headers the answer must carry, e.g. Retry-After or Allow. */
    public Map<String, String> headers() {
        return headers;
    }
}
