package carafe.app;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.json.JavalinJackson;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP server: Javalin on Jetty with virtual threads, its listener and Jetty's tuning, and a
 * shutdown that fails no request (drain, then let requests in flight finish). What it serves is the
 * caller's: {@link App} passes its routes.
 */
final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    private static final int ACCEPT_QUEUE_SIZE = 1024;

    private final Config config;
    private final Javalin javalin;
    private final List<String> registeredRoutes = new ArrayList<>();
    /** The GET routes as patterns, made on first use: every route is registered by then. */
    private volatile List<Pattern> getRoutes;
    /** Set when shutdown begins: readiness answers 503 and every response closes its connection. */
    private volatile boolean draining;
    /** The HTTP listener, closed on its own when a drain begins (see {@link #close}). */
    private volatile ServerConnector connector;

    HttpServer(Config config, ObjectMapper mapper, Consumer<JavalinConfig> app) {
        this.config = config;
        this.javalin = Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.concurrency.useVirtualThreads = true;
            javalin.http.maxRequestSize = config.maxRequestBytes();
            javalin.http.generateEtags = false;
            javalin.http.prefer405over404 = true;
            javalin.events.handlerAdded(handler -> {
                if (handler.getHttpMethod().isHttpMethod()) {
                    registeredRoutes.add(handler.getHttpMethod().name() + " " + handler.getPath());
                }
            });
            javalin.jsonMapper(new JavalinJackson(mapper, false));
            javalin.jetty.modifyServer(jetty -> {
                jetty.setErrorHandler(new carafe.web.LowLevelErrors());
                // On stop, Jetty closes the listener and lets requests in flight finish, for up to
                // this long, before it closes connections (GracefulShutdownTest).
                jetty.setStopTimeout(config.shutdownGrace().toMillis());
            });
            javalin.jetty.addConnector((jetty, http) -> {
                var listener = new ServerConnector(jetty, new HttpConnectionFactory(http));
                listener.setHost(config.host());
                listener.setPort(config.port());
                // The kernel's queue of connections not yet accepted. Jetty's default (the JDK's 50)
                // overflows when a burst of clients connect at once, and the kernel then resets
                // the overflow instead of serving it later. Capped by net.core.somaxconn.
                listener.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
                this.connector = listener;
                return listener;
            });
            javalin.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                // Jetty keeps a cache of header lines per connection: ~100 KB each (three 32 KB arrays),
                // ~1 GB for 10 000 kept-alive connections, and garbage for the old generation whenever
                // connections come and go (+14 MiB per benchmark workload, never handed back). Without
                // it, requests/s are the same and the process stays ~50 MiB smaller
                // (docs/decisions/0016-jvm-defaults.md).
                http.setHeaderCacheSize(0);
                // An HTTP/1.0 request without "keep-alive" has its connection closed after the answer
                // (RFC 9112 §9.3). Jetty answers such a request as HTTP/1.1, so the answer says it too:
                // every answer after which Carafe closes the connection says Connection: close.
                http.addCustomizer((request, responseHeaders) -> {
                    if (request.getConnectionMetaData().getHttpVersion() == HttpVersion.HTTP_1_0
                            && !request.getHeaders().contains(HttpHeader.CONNECTION, "keep-alive")) {
                        responseHeaders.put(HttpHeader.CONNECTION, "close");
                    }
                    return request;
                });
            });
            // While draining, the proxy is told not to reuse this connection, so by the time Jetty
            // stops no request can be on its way to us over a kept-alive connection.
            javalin.routes.before(ctx -> {
                if (draining) ctx.header("Connection", "close");
            });
            app.accept(javalin);
        });
    }

    void start() {
        javalin.start(); // host and port are the connector's, set above
    }

    int port() {
        return javalin.port();
    }

    boolean isDraining() {
        return draining;
    }

    /** Every registered HTTP route as "METHOD /path", in registration order. */
    List<String> routes() {
        return List.copyOf(registeredRoutes);
    }

    /** Whether a GET route answers this path ({@code /notes/{id}} answers {@code /notes/7}). */
    boolean answersGet(String path) {
        var pages = getRoutes;
        if (pages == null) {
            pages = registeredRoutes.stream().filter(route -> route.startsWith("GET "))
                    .map(route -> template(route.substring(4))).toList();
            getRoutes = pages;
        }
        return pages.stream().anyMatch(page -> page.matcher(path).matches());
    }

    /** A Javalin path as a pattern: {@code {name}} is one segment, {@code <name>} and {@code *} any rest. */
    private static Pattern template(String path) {
        var regex = new StringBuilder();
        var literal = new StringBuilder();
        for (int i = 0; i < path.length(); i++) {
            char c = path.charAt(i);
            int close = c == '{' ? path.indexOf('}', i) : c == '<' ? path.indexOf('>', i) : -1;
            if (close > 0 || c == '*') {
                regex.append(Pattern.quote(literal.toString())).append(c == '{' ? "[^/]+" : ".*");
                literal.setLength(0);
                if (close > 0) i = close;
            } else {
                literal.append(c);
            }
        }
        return Pattern.compile(regex.append(Pattern.quote(literal.toString())).toString());
    }

    /**
     * Shuts down without failing a request: with a CARAFE_SHUTDOWN_DRAIN, first closes the listener and
     * drains for that long (new connections are refused, so the load balancer moves away; requests on
     * open connections are still served, readiness answering 503, each response closing its connection),
     * then lets in-flight requests finish (at most CARAFE_SHUTDOWN_GRACE).
     */
    @Override
    public void close() {
        draining = true;
        if (!config.shutdownDrain().isZero()) stopAccepting();
        keepServingFor(config.shutdownDrain());
        javalin.stop();
    }

    /**
     * Closes the listener, not the connections it accepted. A proxy's next attempt to connect is
     * refused, which nginx retries on another instance even for a POST (nothing was sent) and counts
     * as a failure, so it stops trying this instance; requests on connections it already holds are
     * answered, each closing its connection. Closing the listener at the end of the drain instead,
     * with Jetty's stop, reset requests on connections accepted a moment before: every response of a
     * drain closes its connection, so the proxy opens a new one for each request until the end, and a
     * POST it has sent cannot be resent (deploy/prove, phase e).
     */
    private void stopAccepting() {
        var listener = connector;
        if (listener == null) return;
        listener.setAccepting(false);
        listener.close();
    }

    private static void keepServingFor(Duration drain) {
        if (drain.isZero()) return;
        log.info("Listener closed; draining for {} s: answering on open connections, each then closed", drain.toSeconds());
        try {
            Thread.sleep(drain);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
