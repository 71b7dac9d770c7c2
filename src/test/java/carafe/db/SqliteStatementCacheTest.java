package carafe.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

import carafe.app.Config;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.Table;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.jdbc4.JDBC4PreparedStatement;

/**
 * SQLite connections keep the statements they prepared for their next use (decision 0021). An SQLite
 * setting, so a SQLite file in both runs (the PostgreSQL run included).
 */
class SqliteStatementCacheTest {
    private static final Table<Record> ITEMS = table(name("items"));
    private static final Field<Long> OWNER = field(name("owner"), SQLDataType.BIGINT);
    private static final Field<String> TITLE = field(name("title"), SQLDataType.VARCHAR);
    private static final String BY_OWNER = "select title from items where owner = ? order by title";

    @TempDir
    Path folder;
    private Database database;
    private RenderedQuery titlesOfOwner;

    @BeforeEach
    void openOneConnectionPool() {
        database = Database.open(Config.from(Map.of("CARAFE_DATABASE_URL", url(), "CARAFE_DATA_DIR", folder.toString(),
                "CARAFE_DATABASE_POOL_SIZE", "1")).database());
        var db = database.dsl();
        db.createTable(ITEMS).column(OWNER).column(TITLE).execute();
        db.insertInto(ITEMS, OWNER, TITLE).values(1L, "first").values(1L, "second").values(2L, "other").execute();
        titlesOfOwner = new RenderedQuery(db, db.select(TITLE).from(ITEMS).where(OWNER.eq(param("owner", Long.class)))
                .orderBy(TITLE));
    }

    @AfterEach
    void close() {
        database.close();
    }

    @Test
    void a_closed_statement_is_handed_out_again_for_the_same_sql() {
        database.dsl().connection(c -> {
            var first = prepareAndClose(c, BY_OWNER);
            var again = prepareAndClose(c, BY_OWNER);
            var other = prepareAndClose(c, "select count(*) from items");

            assertThat(again).as("compiled once").isSameAs(first);
            assertThat(other).isNotSameAs(first);
        });
    }

    @Test
    void a_statement_in_use_is_not_handed_out_twice() {
        database.dsl().connection(c -> {
            try (var one = c.prepareStatement(BY_OWNER); var two = c.prepareStatement(BY_OWNER)) {
                assertThat(two.unwrap(JDBC4PreparedStatement.class)).isNotSameAs(one.unwrap(JDBC4PreparedStatement.class));
                one.setLong(1, 1L);
                two.setLong(1, 2L);
                try (var rowsOfOne = one.executeQuery(); var rowsOfTwo = two.executeQuery()) {
                    assertThat(rowsOfOne.next() && rowsOfTwo.next()).isTrue();
                    assertThat(List.of(rowsOfOne.getString(1), rowsOfTwo.getString(1))).containsExactly("first", "other");
                }
            }
        });
    }

    @Test
    void a_statement_handed_out_again_keeps_nothing_of_its_last_use() {
        database.dsl().connection(c -> {
            try (var used = c.prepareStatement(BY_OWNER)) {
                used.setLong(1, 1L);
                used.setMaxRows(1);
                used.executeQuery().next();
            }
            try (var again = c.prepareStatement(BY_OWNER); var rows = again.executeQuery()) {
                assertThat(again.getMaxRows()).isZero();
                assertThat(rows.next()).as("a row of the owner bound last time").isFalse();
            }
        });
    }

    @Test
    void each_use_of_a_kept_statement_binds_its_own_values() {
        assertThat(titlesOfOwner.fetch(1L).getValues(TITLE)).containsExactly("first", "second");
        assertThat(titlesOfOwner.fetch(2L).getValues(TITLE)).containsExactly("other");
        assertThat(titlesOfOwner.fetchFirst(1L).map(row -> row.get(TITLE))).contains("first");
        assertThat(titlesOfOwner.fetch(3L)).isEmpty();
        assertThat(titlesOfOwner.fetch(1L).getValues(TITLE)).containsExactly("first", "second");
    }

    /** Text is read as bytes (decision 0021): every kind of value reads as sqlite-jdbc's own getString reads it. */
    @Test
    void every_value_reads_as_the_driver_reads_it() throws SQLException {
        var db = database.dsl();
        db.execute("create table samples (value)");
        db.execute("insert into samples (value) values (null), (''), ('plain'), ('café ☕ 😀'), (42), (-7.25), (x'00ff')");
        String sql = "select value from samples order by rowid";
        List<String> byTheDriver;
        try (var plain = DriverManager.getConnection(url())) {
            byTheDriver = readStrings(plain.prepareStatement(sql));
        }
        var pooled = db.connectionResult(c -> readStrings(c.prepareStatement(sql)));

        assertThat(pooled).containsExactlyElementsOf(byTheDriver);
        assertThat(pooled).startsWith(null, "", "plain", "café ☕ 😀", "42", "-7.25");
    }

    /**
     * A statement left with an open result holds a read transaction, and SQLite cannot then fold the WAL
     * back into the database file: it would grow without end. A kept statement is reset when it goes
     * back, even when its user read only the first of several rows, or never asked for the rows at all.
     */
    @Test
    void a_kept_statement_holds_no_read_transaction_between_uses() throws Exception {
        titlesOfOwner.fetchFirst(1L);
        database.dsl().connection(c -> {
            try (var unread = c.prepareStatement(BY_OWNER)) {
                unread.setLong(1, 1L);
                assertThat(unread.execute()).as("has rows, never read").isTrue();
            }
        });

        try (var other = DriverManager.getConnection(url()); var statement = other.createStatement()) {
            statement.executeUpdate("insert into items (owner, title) values (3, 'written after the reads')");
            try (var checkpoint = statement.executeQuery("pragma wal_checkpoint(truncate)")) {
                checkpoint.next();
                assertThat(checkpoint.getInt(1)).as("checkpoint blocked by a reader").isZero();
            }
        }
    }

    @Test
    void a_connection_keeps_a_bounded_number_of_statements() {
        database.dsl().connection(c -> {
            for (int i = 0; i < SqliteConnections.KeepingConnection.KEPT + 40; i++) prepareAndClose(c, "select " + i);
            assertThat(c.unwrap(SqliteConnections.KeepingConnection.class).idleStatements())
                    .isEqualTo(SqliteConnections.KeepingConnection.KEPT);
        });
    }

    private static JDBC4PreparedStatement prepareAndClose(Connection c, String sql) throws SQLException {
        try (var statement = c.prepareStatement(sql)) {
            return statement.unwrap(JDBC4PreparedStatement.class);
        }
    }

    private static List<String> readStrings(PreparedStatement statement) throws SQLException {
        var read = new ArrayList<String>();
        try (statement; var rows = statement.executeQuery()) {
            while (rows.next()) read.add(rows.getString(1));
        }
        return read;
    }

    private String url() {
        return "jdbc:sqlite:" + folder.resolve("kept.db");
    }
}
