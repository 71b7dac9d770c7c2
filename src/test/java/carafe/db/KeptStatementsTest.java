package carafe.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

import carafe.app.Config;
import java.nio.file.Path;
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

/**
 * SQLite connections keep the statements of hot queries prepared (decision 0021). An SQLite setting,
 * so a SQLite file in both runs (the PostgreSQL run included).
 */
class KeptStatementsTest {
    private static final Table<Record> ITEMS = table(name("items"));
    private static final Field<Long> OWNER = field(name("owner"), SQLDataType.BIGINT);
    private static final Field<String> TITLE = field(name("title"), SQLDataType.VARCHAR);

    @TempDir
    Path folder;
    private Database database;
    private RenderedQuery titlesOfOwner;

    @BeforeEach
    void openOneConnectionPool() {
        database = Database.open(Config.from(Map.of("CARAFE_DATABASE_URL", url(), "CARAFE_DATA_DIR", folder.toString(),
                "CARAFE_DATABASE_POOL_SIZE", "1")));
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
    void a_rendered_query_runs_on_the_statement_its_connection_keeps() {
        var kept = database.dsl().connectionResult(c -> c.unwrap(KeptStatements.class).kept(titlesOfOwner.sql()));

        titlesOfOwner.fetchFirst(1L);

        database.dsl().connection(c -> {
            var again = c.unwrap(KeptStatements.class).kept(titlesOfOwner.sql());
            assertThat(again).as("prepared once per connection").isSameAs(kept);
            assertThat(again.getMaxRows()).as("fetchFirst set a row limit on the kept statement").isEqualTo(1);
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

    /** Kept statements read text as bytes (decision 0021): every kind of value reads as sqlite-jdbc's own getString reads it. */
    @Test
    void a_kept_statement_reads_every_value_as_the_driver_does() {
        var db = database.dsl();
        db.execute("create table samples (value)");
        db.execute("insert into samples (value) values (null), (''), ('plain'), ('café ☕ 😀'), (42), (-7.25), (x'00ff')");
        String sql = "select value from samples order by rowid";
        var byTheDriver = db.connectionResult(c -> readStrings(c.prepareStatement(sql)));
        var kept = db.connectionResult(c -> readStrings(c.unwrap(KeptStatements.class).kept(sql)));

        assertThat(kept).containsExactlyElementsOf(byTheDriver);
        assertThat(kept).startsWith(null, "", "plain", "café ☕ 😀", "42", "-7.25");
    }

    /**
     * A statement left with an open result holds a read transaction, and SQLite cannot then fold the WAL
     * back into the database file: it would grow without end. A kept statement is reset after each use,
     * even when the caller read only the first of several rows.
     */
    @Test
    void a_kept_statement_holds_no_read_transaction_between_uses() throws Exception {
        titlesOfOwner.fetchFirst(1L);

        try (var other = DriverManager.getConnection(url()); var statement = other.createStatement()) {
            statement.executeUpdate("insert into items (owner, title) values (3, 'written after the read')");
            try (var checkpoint = statement.executeQuery("pragma wal_checkpoint(truncate)")) {
                checkpoint.next();
                assertThat(checkpoint.getInt(1)).as("checkpoint blocked by a reader").isZero();
            }
        }
    }

    private static List<String> readStrings(PreparedStatement statement) throws SQLException {
        var read = new ArrayList<String>();
        try (var rows = statement.executeQuery()) {
            while (rows.next()) read.add(rows.getString(1));
        }
        return read;
    }

    private String url() {
        return "jdbc:sqlite:" + folder.resolve("kept.db");
    }
}
