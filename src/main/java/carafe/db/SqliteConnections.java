package carafe.db;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.jooq.tools.jdbc.DefaultResultSet;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;
import org.sqlite.jdbc4.JDBC4Connection;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

/**
 * Where the pool gets its SQLite connections: sqlite-jdbc's, keeping the statements they prepared for
 * their next use ({@link KeepingConnection}). The pragmas (WAL, busy timeout, ...) and URL parameters are
 * applied by sqlite-jdbc as for any connection it makes (docs/decisions/0021-kept-sqlite-statements.md).
 */
final class SqliteConnections extends SQLiteDataSource {
    private final Properties pragmas;

    SqliteConnections(String url, Properties pragmas) {
        this.pragmas = pragmas;
        setUrl(url.trim());
    }

    @Override
    public SQLiteConnection getConnection(String username, String password) throws SQLException {
        String url = getUrl();
        return new KeepingConnection(url, url.substring(JDBC.PREFIX.length()), (Properties) pragmas.clone());
    }

    /**
     * An SQLite connection that keeps the statements it prepared. sqlite-jdbc has no statement cache
     * (xerial/sqlite-jdbc#614), and compiling a query costs several times running it. {@code
     * prepareStatement(sql)} hands out the idle statement of that SQL when there is one; closing a
     * statement resets it and puts it back. The least recently used beyond {@link #KEPT} are finalized,
     * the rest with the connection. A pooled connection serves one request at a time: no lock.
     */
    static final class KeepingConnection extends JDBC4Connection {
        /** Carafe runs a few dozen distinct statements; dynamic SQL beyond that must not grow the cache. */
        static final int KEPT = 64;

        private final Map<String, ReusedStatement> idle = new LinkedHashMap<>(KEPT, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, ReusedStatement> eldest) {
                if (size() <= KEPT) return false;
                eldest.getValue().discard();
                return true;
            }
        };

        KeepingConnection(String url, String fileName, Properties info) throws SQLException {
            super(url, fileName, info);
        }

        @Override
        public PreparedStatement prepareStatement(String sql) throws SQLException {
            ReusedStatement statement = idle.remove(sql);
            if (statement != null && !statement.pointer.isClosed()) return statement.checkOut();
            return new ReusedStatement(this, sql);
        }

        void putBack(String sql, ReusedStatement statement) {
            ReusedStatement other = idle.put(sql, statement);
            if (other != null && other != statement) other.discard(); // two were out at once: keep one
        }

        int idleStatements() {
            return idle.size();
        }

        @Override
        public void close() throws SQLException {
            idle.clear(); // closing the connection finalizes every statement it prepared
            super.close();
        }
    }

    /** A statement that, closed by its user, goes back to its connection reset instead of being finalized. */
    static final class ReusedStatement extends JDBC4PreparedStatement {
        private boolean checkedOut = true;

        ReusedStatement(KeepingConnection connection, String sql) throws SQLException {
            super(connection, sql);
        }

        ReusedStatement checkOut() {
            checkedOut = true;
            return this;
        }

        /**
         * Reset before it goes back: a statement left mid-result holds a read transaction, and SQLite could
         * then never fold the WAL back into the database file. Bound values and limits go too, so the next
         * user finds it as a new statement.
         */
        @Override
        public void close() throws SQLException {
            if (!checkedOut) return;
            checkedOut = false;
            try {
                if (rs.isOpen()) {
                    rs.close(); // resets the statement
                } else if (resultsWaiting) {
                    pointer.safeRunConsume((db, statement) -> db.reset(statement)); // executed, rows never asked for
                }
                // The values bound last time are forgotten on the Java side: sqlite-jdbc binds every
                // parameter from them at each execution, so an unset one goes as NULL, as on a new
                // statement. Not clearParameters(): SQLite's clear_bindings marks the statement
                // expired, and the next step compiles it again (session reads: 20 000 -> 11 000 req/s).
                clearBatch();
                clearWarnings();
                if (getMaxRows() != 0) setMaxRows(0);
                ((KeepingConnection) conn).putBack(sql, this);
            } catch (SQLException | RuntimeException e) {
                discard();
                throw e;
            }
        }

        @Override
        public boolean isClosed() {
            return !checkedOut || super.isClosed();
        }

        void discard() {
            try {
                super.close();
            } catch (SQLException ignored) {
                // Finalizing a statement of a closing connection; nothing is left to release.
            }
        }

        /**
         * Reads text columns as their UTF-8 bytes. sqlite-jdbc's {@code getString} wraps each value in a
         * direct ByteBuffer made by a call from native code back into Java, which was a ninth of the CPU
         * of listing notes (every timestamp is text in SQLite); {@code getBytes} is a plain copy into a
         * byte array. Same values: SQLite gives the same bytes for both, NULL stays null, '' stays empty.
         * ({@code executeQuery} returns what this returns.)
         */
        @Override
        public ResultSet getResultSet() throws SQLException {
            ResultSet rows = super.getResultSet();
            if (rows == null) return null;
            return new DefaultResultSet(rows, this) {
                @Override
                public String getString(int column) throws SQLException {
                    byte[] utf8 = getBytes(column);
                    return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
                }
            };
        }
    }
}
