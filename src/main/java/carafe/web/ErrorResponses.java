package carafe.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisException;
import io.javalin.http.HttpStatus;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.eclipse.jetty.http.HttpException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where failures become responses: RFC 9457 problem+json for the API and for clients
 * that do not ask for HTML, an error page for browsers. Unexpected exceptions are logged with the
 * request id and answered with a bare 500 that names nothing internal.
 */
public final class ErrorResponses {
    private static final Logger log = LoggerFactory.getLogger(ErrorResponses.class);

    private static final String WRITTEN = "carafe.errorWritten";

    private final ObjectMapper mapper;
    private final ErrorPage errorPage;

    public ErrorResponses(ObjectMapper mapper, ErrorPage errorPage) {
        this.mapper = mapper;
        this.errorPage = errorPage;
    }

    /** How a page feature shows an HTML error (a template), so this class does not know the templates. */
    @FunctionalInterface
    public interface ErrorPage {
        void render(Context ctx, int status, String title, String detail);
    }

    public void register(JavalinConfig config) {
        config.routes.exception(HttpProblem.class, (problem, ctx) -> respond(ctx, problem));
        config.routes.exception(HttpResponseException.class, (e, ctx) -> respond(ctx, fromJavalin(e)));
        config.routes.exception(Exception.class, (e, ctx) -> {
            var unreadable = unreadableRequest(e);
            if (unreadable != null) {
                // The client's fault, not a bug: e.g. a chunked body that breaks off or is malformed,
                // found while a handler reads it. Jetty closes the connection after the answer and,
                // as the body was not read to its end, says Connection: close.
                log.info("Unreadable request {} {} (request {}): {}", ctx.method(), ctx.path(), RequestIds.of(ctx),
                        e.getMessage());
                respond(ctx, unreadable);
                return;
            }
            if (isDatabaseBusy(e)) {
                // Overload, not a bug: every database connection (or, on SQLite, the one turn to write)
                // stayed taken for the whole wait.
                log.warn("Database busy for {} {} (request {}): {}", ctx.method(), ctx.path(),
                        RequestIds.of(ctx), e.getMessage());
                respond(ctx, new ServiceUnavailable("The server is busy; try again in a moment.", Duration.ofSeconds(1)));
                return;
            }
            if (isRedisUnavailable(e)) {
                // An outage, not a bug: Redis is down or did not answer within the command timeout.
                log.warn("Redis unavailable for {} {} (request {}): {}", ctx.method(), ctx.path(),
                        RequestIds.of(ctx), e.getMessage());
                respond(ctx, new ServiceUnavailable("The service is briefly unavailable; try again in a moment.",
                        Duration.ofSeconds(5)));
                return;
            }
            log.error("Unhandled error in {} {} (request {})", ctx.method(), ctx.path(), RequestIds.of(ctx), e);
            respond(ctx, new HttpProblem(500, "Internal server error",
                    "Something went wrong on our side. Quote request id " + RequestIds.of(ctx) + " if you report it."));
        });
        // Statuses Javalin sets without an exception (no route matched, wrong method).
        config.routes.error(404, ctx -> {
            if (isUnwritten(ctx)) respond(ctx, new NotFound("Nothing is at " + ctx.path() + "."));
        });
        config.routes.error(405, ctx -> {
            if (isUnwritten(ctx)) {
                respond(ctx, new HttpProblem(405, "Method not allowed", ctx.method() + " is not allowed here."));
            }
        });
    }

    public void respond(Context ctx, HttpProblem problem) {
        ctx.attribute(WRITTEN, Boolean.TRUE);
        ctx.status(problem.status());
        problem.headers().forEach(ctx::header);
        ctx.header("Cache-Control", "no-store");
        if (wantsHtml(ctx)) {
            errorPage.render(ctx, problem.status(), problem.title(), problem.detail());
            return;
        }
        var errors = problem instanceof ValidationFailed invalid ? invalid.errors() : null;
        try {
            ctx.contentType(Problem.CONTENT_TYPE).result(mapper.writeValueAsBytes(new Problem(
                    problem.type(), problem.title(), problem.status(), problem.detail(), null, errors)));
        } catch (Exception e) {
            ctx.contentType(Problem.CONTENT_TYPE).result("{\"title\":\"Internal server error\",\"status\":500}");
        }
    }

    /** Browsers get pages; API paths and every other client get problem+json. */
    public static boolean wantsHtml(Context ctx) {
        String path = ctx.path();
        if (path.equals("/api") || path.startsWith("/api/")) return false;
        String accept = ctx.header("Accept");
        return accept != null && accept.toLowerCase(Locale.ROOT).contains("text/html");
    }

    /** A timeout waiting for a connection (the pool) or for SQLite's one writer (carafe.db.SqliteWriteGate). */
    private static boolean isDatabaseBusy(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof SQLTransientConnectionException || cause instanceof SQLTimeoutException) return true;
        }
        return false;
    }

    /**
     * A request Jetty found malformed while a handler read it (its body), as a problem with Jetty's
     * status (400, 408 ...); null when the failure is anything else.
     */
    private static HttpProblem unreadableRequest(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof HttpException jetty && jetty.getCode() >= 400 && jetty.getCode() < 500) {
                return jetty.getCode() == 400
                        ? new BadRequest("The request body could not be read: it ended early or is malformed.")
                        : forStatus(jetty.getCode());
            }
        }
        return null;
    }

    /** Redis unreachable or too slow; a command Redis refused (a bug of ours) is not an outage. */
    private static boolean isRedisUnavailable(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof RedisException && !(cause instanceof RedisCommandExecutionException)) return true;
        }
        return false;
    }

    private static boolean isUnwritten(Context ctx) {
        return ctx.attribute(WRITTEN) == null;
    }

    private static HttpProblem fromJavalin(HttpResponseException e) {
        return forStatus(e.getStatus());
    }

    private static HttpProblem forStatus(int status) {
        return switch (status) {
            case 413 -> new HttpProblem(413, "Content too large", "The request body is larger than allowed.");
            case 404 -> new NotFound("Nothing is here.");
            case 405 -> new HttpProblem(405, "Method not allowed", "This method is not allowed here.");
            default -> {
                var known = HttpStatus.forStatus(status);
                String title = known == HttpStatus.UNKNOWN ? "Error" : known.getMessage();
                yield new HttpProblem(status, title, status >= 500 ? "The request could not be completed." : title + ".",
                        Map.of());
            }
        };
    }
}
