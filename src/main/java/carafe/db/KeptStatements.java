package carafe.db;

import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * A connection that keeps prepared statements open between uses, for the few queries that run on nearly
 * every request ({@link RenderedQuery}). SQLite's driver has no statement cache (xerial/sqlite-jdbc#614)
 * and compiling the query is most of its cost: preparing the session lookup took five times the CPU of
 * running it (docs/decisions/0021-kept-sqlite-statements.md). PostgreSQL's driver keeps server-side
 * statements on its own, so its connections are not this.
 */
public interface KeptStatements {
    /**
     * The statement for this SQL, prepared at its first use on this connection and kept until the
     * connection closes. The caller binds every parameter and closes each result set, never the statement.
     */
    PreparedStatement kept(String sql) throws SQLException;
}
