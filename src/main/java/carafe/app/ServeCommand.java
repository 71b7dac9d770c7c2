package carafe.app;

import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code carafe serve}: runs the server until SIGTERM or Ctrl-C, then shuts down gracefully. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Start the web server.")
final class ServeCommand implements Callable<Integer> {
    private static final Logger log = LoggerFactory.getLogger(ServeCommand.class);

    private final Supplier<Config> config;

    ServeCommand(Supplier<Config> config) {
        this.config = config;
    }

    @Option(names = "--port", description = "Port to listen on (default: CARAFE_PORT or 8080).")
    Integer port;

    @Override
    public Integer call() throws InterruptedException {
        long started = System.nanoTime();
        Config config = this.config.get();
        if (port != null) config = config.withPort(port);
        App app = App.create(config).start();
        log.info("Carafe is serving {} on port {} ({} database, {}, {} mode) after {} ms",
                config.baseUrl(), app.port(), app.database().kind().name().toLowerCase(java.util.Locale.ROOT),
                config.redisUrl() == null ? "sessions in the database, rate limits in memory" : "sessions and rate limits in Redis",
                config.environment().name().toLowerCase(java.util.Locale.ROOT), (System.nanoTime() - started) / 1_000_000);
        var stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            log.info("Shutting down: finishing in-flight requests");
            app.close();
            stopped.countDown();
        }, "shutdown"));
        stopped.await();
        return 0;
    }
}
