package carafe.app;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.Client;
import carafe.support.Json;
import carafe.support.TestDatabase;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the server lets requests already in flight finish instead of cutting them off. */
class GracefulShutdownTest {
    @TempDir
    Path folder;

    @Test
    void requests_in_flight_when_the_server_stops_still_complete() throws Exception {
        try (var database = TestDatabase.create(folder)) {
            // Sign-in throttling counts attempts in flight against the account's allowance (5): eight
            // at once on one account would get 429s, which is not what this test is about.
            var app = App.create(Config.from(Map.of("CARAFE_HOST", "127.0.0.1", "CARAFE_PORT", "0",
                    "CARAFE_DATA_DIR", folder.toString(), "CARAFE_DATABASE_URL", database.url(),
                    "CARAFE_PASSWORD_HASH_CONCURRENCY", "1", "CARAFE_LIMIT_LOGIN_ACCOUNT", "100/15m")),
                    Clock.systemUTC()).start();
            String base = "http://127.0.0.1:" + app.port();
            new Client(base).register("grace@example.com", "Grace", "a long passphrase 42");

            // Each login waits its turn for the single hashing permit: together they take a while.
            var logins = new ArrayList<CompletableFuture<Integer>>();
            try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 8; i++) {
                    logins.add(CompletableFuture.supplyAsync(() -> new Client(base).postJson("/api/auth/login",
                            Json.object("email", "grace@example.com", "password", "a long passphrase 42")).status(), pool));
                }
                Thread.sleep(150);
                app.close();
                for (var login : logins) assertThat(login.get()).isEqualTo(200);
            }
        }
    }
}
