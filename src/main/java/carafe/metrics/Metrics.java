package carafe.metrics;

import carafe.auth.Access;
import carafe.auth.LoginListener;
import carafe.auth.Sessions;
import carafe.mail.FailedMails;
import carafe.mail.MailFailureListener;
import carafe.throttle.Refusals;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /metrics} in the Prometheus text format: requests by route template, method and status
 * ({@code http_server_requests_seconds}), logins by result ({@code carafe_logins_total}), requests each
 * rate limit refused ({@code carafe_rate_limited_total}), live sessions ({@code carafe_sessions_active}),
 * mail given up ({@code carafe_mail_failures_total}) and still kept ({@code carafe_mail_failed_kept}),
 * and the JVM's basics. Counting a login is the {@link LoginListener} that {@link carafe.auth.Accounts}
 * calls; counting a refusal, the {@link Refusals} every rate limit tells; counting a mail given up, the
 * {@link MailFailureListener} that the mail queue's worker calls; counting a request is Javalin's request
 * logger, which runs once for every request after its response is written, whatever produced it (a
 * handler, an exception mapper, a 404, a guard that skipped the remaining handlers), so no request goes
 * uncounted.
 */
public final class Metrics implements LoginListener, MailFailureListener, Refusals, AutoCloseable {
    public static final String PATH = "/metrics";
    /** What {@link PrometheusMeterRegistry#scrape()} writes: the Prometheus text format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";
    /** The route of every request no route matched, so made-up paths cannot create series. */
    static final String UNMATCHED = "unmatched";
    /** The method of a request with a non-standard method, for the same reason. */
    static final String OTHER_METHOD = "OTHER";

    private static final Set<HandlerType> STANDARD_METHODS = Set.of(HandlerType.GET, HandlerType.HEAD,
            HandlerType.POST, HandlerType.PUT, HandlerType.PATCH, HandlerType.DELETE, HandlerType.OPTIONS,
            HandlerType.TRACE, HandlerType.CONNECT, HandlerType.QUERY);
    /** Histogram buckets: enough for latency percentiles and SLOs, few enough to keep series cheap. */
    private static final Duration[] BUCKETS = {Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(25),
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10)};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final ConcurrentMap<RequestKey, Timer> requestTimers = new ConcurrentHashMap<>();
    private final Counter loginSuccesses;
    private final Counter loginFailures;
    private final Counter mailFailures;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public Metrics(Sessions sessions, FailedMails failedMails) {
        loginSuccesses = loginCounter("success");
        loginFailures = loginCounter("failure");
        // No tags: the queue gives up for one reason only, its attempts ran out. The last error is a
        // server's free text and the recipient a person's address; neither may become a series.
        mailFailures = Counter.builder("carafe.mail.failures")
                .description("Mails given up after their last attempt failed (kept for CARAFE_MAIL_FAILED_RETENTION)")
                .register(registry);
        // Counted when scraped (one indexed COUNT each), never on a request's path.
        Gauge.builder("carafe.sessions.active", sessions, Sessions::countActive)
                .description("Sessions not yet expired")
                .strongReference(true)
                .register(registry);
        Gauge.builder("carafe.mail.failed.kept", failedMails, FailedMails::count)
                .description("Mails given up and still in mail_queue, not yet purged")
                .strongReference(true)
                .register(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
    }

    /** Adds {@code GET /metrics}, the request counting, and the cleanup when the server stops. */
    public void register(JavalinConfig config) {
        config.requestLogger.http(this::recordRequest);
        config.routes.get(PATH, this::scrape, Access.ANYONE);
        config.events.serverStopped(this::close);
    }

    @Override
    public void loginAttempted(boolean succeeded) {
        (succeeded ? loginSuccesses : loginFailures).increment();
    }

    @Override
    public void gaveUp() {
        mailFailures.increment();
    }

    /**
     * One counter per limit, registered when the limit is made, so every limit shows 0 until it first
     * refuses. Limits are named in the code, never by a request: the label values are a fixed few.
     */
    @Override
    public Runnable counterFor(String limit) {
        return Counter.builder("carafe.rate.limited")
                .description("Requests a rate limit refused with 429, by limit")
                .tag("limit", limit)
                .register(registry)::increment;
    }

    private void scrape(Context ctx) throws IOException {
        var body = new ByteArrayOutputStream(16 * 1024);
        registry.scrape(body, CONTENT_TYPE);
        ctx.header("Cache-Control", "no-store");
        ctx.contentType(CONTENT_TYPE).result(body.toByteArray());
    }

    /**
     * One timer per method, route template and status. Javalin measured the time from the request's
     * arrival to its response being written; the per-request cost is one small key object and a map
     * lookup, then Micrometer's own recording.
     */
    void recordRequest(Context ctx, Float executionTimeMs) {
        if (executionTimeMs == null || executionTimeMs < 0) return;
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        HandlerType method = ctx.method();
        var key = new RequestKey(STANDARD_METHODS.contains(method) ? method.name() : OTHER_METHOD,
                endpoint == null ? UNMATCHED : endpoint.path, ctx.statusCode());
        Timer timer = requestTimers.get(key);
        if (timer == null) timer = requestTimers.computeIfAbsent(key, this::requestTimer);
        timer.record((long) (executionTimeMs * 1_000_000.0), TimeUnit.NANOSECONDS);
    }

    private record RequestKey(String method, String route, int status) {}

    private Timer requestTimer(RequestKey key) {
        return Timer.builder("http.server.requests")
                .description("HTTP requests by method, route template and status")
                .tags("method", key.method(), "route", key.route(), "status", Integer.toString(key.status()))
                .serviceLevelObjectives(BUCKETS)
                .register(registry);
    }

    private Counter loginCounter(String result) {
        return Counter.builder("carafe.logins")
                .description("Credential checks by API or page login, by result")
                .tag("result", result)
                .register(registry);
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
