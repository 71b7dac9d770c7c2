package carafe.db;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.ExecuteListener;
import org.jooq.SQLDialect;
import org.jooq.TransactionListener;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;

/**
 * The connection pool and the jOOQ context over it. SQLite (the default) and PostgreSQL are the two
 * kinds supported; the JDBC URL decides which.
 */
public final class Database implements AutoCloseable {
    static {
        // jOOQ prints a banner and tips on first use; they are noise in a server's log.
        System.setProperty("org.jooq.no-logo", "true");
        System.setProperty("org.jooq.no-tips", "true");
    }

    /** How much of an SQLite database file is read through a memory map; beyond it, SQLite reads as usual. */
    static final long SQLITE_MMAP_BYTES = 1L << 30;
    /** How long a write waits for another to finish before it fails. */
    static final Duration SQLITE_BUSY_TIMEOUT = Duration.ofSeconds(10);

    private final HikariDataSource dataSource;
    private final DSLContext dsl;
    private final Kind kind;

    /** The database kinds, named as the migration folders are. */
    public enum Kind {
        SQLITE("sqlite", SQLDialect.SQLITE),
        POSTGRESQL("postgresql", SQLDialect.POSTGRES);

        final String folder;
        final SQLDialect dialect;

        Kind(String folder, SQLDialect dialect) {
            this.folder = folder;
            this.dialect = dialect;
        }

        /** The kind a JDBC URL names; any other is refused (the message never repeats the URL: it may hold a password). */
        public static Kind of(String jdbcUrl) {
            if (jdbcUrl.startsWith("jdbc:sqlite:")) return SQLITE;
            if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRESQL;
            throw new IllegalArgumentException("Carafe runs on SQLite and PostgreSQL only");
        }
    }

    private Database(HikariDataSource dataSource, Kind kind) {
        this.dataSource = dataSource;
        this.kind = kind;
        var configuration = new DefaultConfiguration()
                .set(dataSource)
                .set(kind.dialect)
                .set(new org.jooq.conf.Settings().withExecuteLogging(false));
        if (kind == Kind.SQLITE) {
            var writers = new SqliteWriteGate(SQLITE_BUSY_TIMEOUT);
            configuration.set((ExecuteListener) writers).set((TransactionListener) writers);
        }
        this.dsl = DSL.using(configuration);
    }

    /** Where the database is and how many connections the pool may hold. */
    public record Settings(String url, int poolSize) {}

    public static Database open(Settings settings) {
        Kind kind = Kind.of(settings.url());
        var hikari = new HikariConfig();
        hikari.setPoolName("carafe-db");
        hikari.setMaximumPoolSize(settings.poolSize());
        hikari.setConnectionTimeout(10_000);
        if (kind == Kind.SQLITE) {
            createParentFolder(settings.url());
            hikari.setDataSource(new SqliteConnections(settings.url(), sqlitePragmas()));
        } else {
            hikari.setJdbcUrl(settings.url());
        }
        return new Database(new HikariDataSource(hikari), kind);
    }

    private static Properties sqlitePragmas() {
        var pragmas = new Properties();
        // WAL lets readers run beside the one writer; writers of this process queue in Java
        // (SqliteWriteGate), and the busy timeout makes one of another process (the command line)
        // wait instead of failing; IMMEDIATE takes the write lock when a transaction begins, so two
        // read-then-write transactions cannot deadlock on the lock upgrade (SQLITE_BUSY at once).
        pragmas.setProperty("journal_mode", "WAL");
        pragmas.setProperty("synchronous", "NORMAL");
        pragmas.setProperty("busy_timeout", Long.toString(SQLITE_BUSY_TIMEOUT.toMillis()));
        pragmas.setProperty("foreign_keys", "true");
        pragmas.setProperty("transaction_mode", "IMMEDIATE");
        // Reads go straight to the operating system's page cache through a memory map instead of a
        // read() call and a copy into each connection's 2 MB page cache: a search that visits 5 000
        // notes spread over a large file took 20-30 ms of CPU without it and 6-9 with it (bench/scale,
        // docs/decisions/0011-note-search-plan.md). A bound, not an allocation: only pages read are
        // resident, and they are the same pages the page cache holds anyway.
        pragmas.setProperty("mmap_size", Long.toString(SQLITE_MMAP_BYTES));
        return pragmas;
    }

    public DSLContext dsl() {
        return dsl;
    }

    public DataSource dataSource() {
        return dataSource;
    }

    public Kind kind() {
        return kind;
    }

    /** A cheap round trip, for readiness checks. */
    public boolean isReachable() {
        try {
            return dsl.selectOne().fetchOne() != null;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        dataSource.close();
    }

    private static void createParentFolder(String jdbcUrl) {
        var file = SqliteFile.of(jdbcUrl);
        if (file.isEmpty()) return;
        Path parent = file.get().path().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the database folder " + parent, e);
        }
    }
}
