package carafe.db;

import carafe.app.Config;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import javax.sql.DataSource;
import org.jooq.DSLContext;
import org.jooq.SQLDialect;
import org.jooq.conf.Settings;
import org.jooq.impl.DSL;

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

        static Kind of(String jdbcUrl) {
            if (jdbcUrl.startsWith("jdbc:sqlite:")) return SQLITE;
            if (jdbcUrl.startsWith("jdbc:postgresql:")) return POSTGRESQL;
            throw new Config.ConfigException(java.util.List.of(
                    "CARAFE_DATABASE_URL must be a jdbc:sqlite: or jdbc:postgresql: URL (it is '" + jdbcUrl + "')."));
        }
    }

    private Database(HikariDataSource dataSource, Kind kind) {
        this.dataSource = dataSource;
        this.kind = kind;
        this.dsl = DSL.using(dataSource, kind.dialect, new Settings().withExecuteLogging(false));
    }

    public static Database open(Config config) {
        Kind kind = Kind.of(config.databaseUrl());
        var hikari = new HikariConfig();
        hikari.setJdbcUrl(config.databaseUrl());
        hikari.setPoolName("carafe-db");
        hikari.setMaximumPoolSize(config.databasePoolSize());
        hikari.setConnectionTimeout(10_000);
        if (kind == Kind.SQLITE) {
            createParentFolder(config.databaseUrl());
            // sqlite-jdbc's driver, with connections that keep the hot queries' statements prepared.
            hikari.setDriverClassName(SqliteDriver.class.getName());
            // WAL lets readers run beside the one writer; the busy timeout makes a second writer wait
            // instead of failing; IMMEDIATE takes the write lock when a transaction begins, so two
            // read-then-write transactions cannot deadlock on the lock upgrade (SQLITE_BUSY at once).
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("synchronous", "NORMAL");
            hikari.addDataSourceProperty("busy_timeout", "10000");
            hikari.addDataSourceProperty("foreign_keys", "true");
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
            // Reads go straight to the operating system's page cache through a memory map instead of a
            // read() call and a copy into each connection's 2 MB page cache: a search that visits 5 000
            // notes spread over a large file took 20-30 ms of CPU without it and 6-9 with it (bench/scale,
            // docs/decisions/0011-note-search-plan.md). A bound, not an allocation: only pages read are
            // resident, and they are the same pages the page cache holds anyway.
            hikari.addDataSourceProperty("mmap_size", Long.toString(SQLITE_MMAP_BYTES));
        }
        return new Database(new HikariDataSource(hikari), kind);
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
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) file = file.substring(0, query);
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) return;
        Path parent = Path.of(file).toAbsolutePath().getParent();
        try {
            Files.createDirectories(parent);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the database folder " + parent, e);
        }
    }
}
