package carafe.support;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * A fresh, empty database for one test class, of the kind the run asks for: SQLite (default) or
 * PostgreSQL ({@code -Dcarafe.test.db=postgresql}, which the README's test command runs too).
 * Without a reachable PostgreSQL the PostgreSQL tests skip on a laptop and fail under CI=true.
 */
public final class TestDatabase implements AutoCloseable {
    public static final String KIND = System.getProperty("carafe.test.db", "sqlite");
    static final String POSTGRES_ADMIN_URL = System.getProperty("carafe.test.postgres",
            "jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres");

    private final String url;
    private final Runnable cleanup;

    private TestDatabase(String url, Runnable cleanup) {
        this.url = url;
        this.cleanup = cleanup;
    }

    public static TestDatabase create(Path folder) {
        return "postgresql".equals(KIND) ? postgres() : sqlite(folder);
    }

    public String url() {
        return url;
    }

    public static boolean isPostgres() {
        return "postgresql".equals(KIND);
    }

    @Override
    public void close() {
        cleanup.run();
    }

    private static TestDatabase sqlite(Path folder) {
        try {
            Path file = Files.createTempDirectory(folder, "db").resolve("carafe.db");
            return new TestDatabase("jdbc:sqlite:" + file, () -> {});
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static TestDatabase postgres() {
        String name = "carafe_test_" + UUID.randomUUID().toString().replace("-", "");
        try (Connection admin = DriverManager.getConnection(POSTGRES_ADMIN_URL)) {
            admin.createStatement().execute("create database " + name);
        } catch (SQLException e) {
            String why = "PostgreSQL is not reachable at " + POSTGRES_ADMIN_URL + " (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("CI"))) throw new IllegalStateException(why + "; CI=true requires it", e);
            Assumptions.abort(why + ": skipping the PostgreSQL run of this test. Start PostgreSQL to run it.");
        }
        String url = POSTGRES_ADMIN_URL.replace("/postgres?", "/" + name + "?");
        return new TestDatabase(url, () -> {
            try (Connection admin = DriverManager.getConnection(POSTGRES_ADMIN_URL)) {
                admin.createStatement().execute("drop database if exists " + name + " with (force)");
            } catch (SQLException e) {
                throw new IllegalStateException("Could not drop test database " + name, e);
            }
        });
    }
}
