package carafe.web;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.Client;
import io.javalin.Javalin;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import org.jooq.exception.DataAccessException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A request that waited its whole bound for the database — every pooled connection taken, or on SQLite
 * the one turn to write (carafe.db.SqliteWriteGate) — is overload, not a bug: 503 with Retry-After.
 * Exercised on a bare Javalin with Carafe's error mapping, since making the real wait last its 10 s
 * in a test would only make the suite slower.
 */
class DatabaseBusyTest {
    private static Javalin app;
    private static Client client;

    @BeforeAll
    static void start() {
        var errors = new ErrorResponses(Json.mapper(), (ctx, status, title, detail) -> ctx.status(status).result(title));
        app = Javalin.create(config -> {
            config.startup.showJavalinBanner = false;
            errors.register(config);
            config.routes.post("/api/pool-timeout", ctx -> {
                throw new DataAccessException("wait", new SQLTransientConnectionException("carafe-db - Connection is not available"));
            });
            config.routes.post("/api/write-timeout", ctx -> {
                throw new DataAccessException("wait", new SQLTimeoutException("No turn to write to the database within 10 s"));
            });
            config.routes.post("/api/other-failure", ctx -> {
                throw new DataAccessException("broken", new java.sql.SQLException("syntax error"));
            });
        }).start("127.0.0.1", 0);
        client = new Client("http://127.0.0.1:" + app.port());
    }

    @AfterAll
    static void stop() {
        app.stop();
    }

    @Test
    void waiting_out_the_pool_or_the_sqlite_write_turn_is_503_with_retry_after() {
        for (String path : new String[] {"/api/pool-timeout", "/api/write-timeout"}) {
            var response = client.postJson(path, "{}");

            assertThat(response.status()).as(path).isEqualTo(503);
            assertThat(response.header("Retry-After")).as(path).isEqualTo("1");
            assertThat(response.contentType()).isEqualTo("application/problem+json");
            assertThat(response.body()).doesNotContainIgnoringCase("sql").doesNotContain("turn to write");
        }
    }

    @Test
    void another_database_failure_stays_a_500() {
        assertThat(client.postJson("/api/other-failure", "{}").status()).isEqualTo(500);
    }
}
