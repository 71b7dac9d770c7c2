package carafe.bench;

import io.javalin.Javalin;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The ceiling of the HTTP stack: Javalin with the Jetty and thread settings of {@code carafe.app.App}
 * (virtual threads, the same accept queue, no server header, no header cache) and a handler that does
 * nothing. Whatever Carafe adds to a request (session lookup, headers, JSON, metrics) is the distance
 * from this.
 *
 * <p>{@code java -jar ceiling.jar PORT}: listens on 127.0.0.1 only; {@code GET /hello} and
 * {@code GET /health/live}.
 */
public final class Hello {
    private static final int ACCEPT_QUEUE_SIZE = 1024; // as carafe.app.App

    public static void main(String[] args) {
        int port = Integer.parseInt(args.length > 0 ? args[0] : "8093");
        Javalin.create(javalin -> {
            javalin.startup.showJavalinBanner = false;
            javalin.concurrency.useVirtualThreads = true;
            javalin.http.generateEtags = false;
            javalin.jetty.addConnector((jetty, http) -> {
                var connector = new ServerConnector(jetty, new HttpConnectionFactory(http));
                connector.setHost("127.0.0.1");
                connector.setPort(port);
                connector.setAcceptQueueSize(ACCEPT_QUEUE_SIZE);
                return connector;
            });
            javalin.jetty.modifyHttpConfiguration(http -> {
                http.setSendServerVersion(false);
                http.setSendXPoweredBy(false);
                http.setHeaderCacheSize(0); // as carafe.app.App
            });
            javalin.routes.get("/hello", ctx -> ctx.result("hello"));
            javalin.routes.get("/health/live", ctx -> ctx.result("UP"));
        }).start();
    }
}
