package carafe.db;

import java.nio.charset.StandardCharsets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.jooq.tools.jdbc.DefaultPreparedStatement;
import org.jooq.tools.jdbc.DefaultResultSet;
import org.sqlite.JDBC;
import org.sqlite.SQLiteConnection;
import org.sqlite.SQLiteDataSource;
import org.sqlite.jdbc4.JDBC4Connection;

/**
 * Where the pool gets its SQLite connections: sqlite-jdbc's, which can also keep the statements of hot
 * queries prepared ({@link KeptStatements}). The pragmas (WAL, busy timeout, ...) and URL parameters are
 * applied by sqlite-jdbc as for any connection it makes.
 */
final class SqliteConnections extends SQLiteDataSource {
    private final String url;
    private final Properties pragmas;

    SqliteConnections(String url, Properties pragmas) {
        this.url = url.trim();
        this.pragmas = pragmas;
        setUrl(this.url);
    }

    @Override
    public SQLiteConnection getConnection(String username, String password) throws SQLException {
        return new KeepingConnection(url, url.substring(JDBC.PREFIX.length()), (Properties) pragmas.clone());
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
