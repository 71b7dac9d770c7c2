package carafe.db;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.jooq.tools.jdbc.DefaultPreparedStatement;
import org.jooq.tools.jdbc.DefaultResultSet;
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
                statement = new ReadingTextAsBytes(prepareStatement(sql));
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

    /**
     * Reads text columns as their UTF-8 bytes. sqlite-jdbc's {@code getString} wraps each value in a
     * direct ByteBuffer made by a call from native code back into Java, which was a ninth of the CPU of
     * listing notes (every timestamp is text in SQLite); {@code getBytes} is a plain copy into a byte
     * array. Same values: SQLite gives the same bytes for both, NULL stays null, '' stays empty.
     */
    static final class ReadingTextAsBytes extends DefaultPreparedStatement {
        ReadingTextAsBytes(PreparedStatement statement) {
            super(statement);
        }

        @Override
        public ResultSet executeQuery() throws SQLException {
            return new DefaultResultSet(super.executeQuery(), this) {
                @Override
                public String getString(int column) throws SQLException {
                    byte[] utf8 = getBytes(column);
                    return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
                }
            };
        }
    }
}
