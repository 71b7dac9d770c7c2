package carafe.db;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.sqlite.JDBC;
import org.sqlite.jdbc4.JDBC4Connection;

/**
 * sqlite-jdbc's driver, with connections that can keep the statements of hot queries prepared
 * ({@link KeptStatements}). The pool is given this driver for SQLite URLs; everything else about the
 * connections (pragmas from the pool's properties, URL parameters) is sqlite-jdbc's own.
 */
public final class SqliteDriver extends JDBC {
    @Override
    public Connection connect(String url, Properties info) throws SQLException {
        if (!acceptsURL(url)) return null;
        String trimmed = url.trim();
        return new KeepingConnection(trimmed, trimmed.substring(PREFIX.length()), info);
    }

    /**
     * An SQLite connection that keeps each statement prepared through {@link #kept} until the connection
     * closes (closing it finalizes them with the rest). A pooled connection serves one request at a time,
     * so the map needs no lock.
     */
    static final class KeepingConnection extends JDBC4Connection implements KeptStatements {
        private final Map<String, PreparedStatement> kept = new HashMap<>();

        KeepingConnection(String url, String fileName, Properties info) throws SQLException {
            super(url, fileName, info);
        }

        @Override
        public PreparedStatement kept(String sql) throws SQLException {
            PreparedStatement statement = kept.get(sql);
            if (statement == null || statement.isClosed()) {
                statement = prepareStatement(sql);
                kept.put(sql, statement);
            }
            return statement;
        }

        @Override
        public void close() throws SQLException {
            kept.clear();
            super.close();
        }
    }
}
