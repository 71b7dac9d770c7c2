package carafe.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.jooq.impl.DSL.field;
import static org.jooq.impl.DSL.name;
import static org.jooq.impl.DSL.param;
import static org.jooq.impl.DSL.table;

import carafe.app.Config;
import java.nio.file.Path;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.jooq.ExecuteListener;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.SQLDialect;
import org.jooq.Table;
import org.jooq.TransactionListener;
import org.jooq.exception.DataAccessException;
import org.jooq.impl.DSL;
import org.jooq.impl.DefaultConfiguration;
import org.jooq.impl.SQLDataType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writers of one process queue in Java, never in SQLite's busy handler (decision 0022). SQLite's own wait
 * is turned off here ({@code busy_timeout = 0} on every pooled connection), so a writer that met another's
 * lock would fail at once.
 * An SQLite setting, so a SQLite file in both runs (the PostgreSQL run included).
 */
class SqliteWriteGateTest {
    private static final Table<Record> ENTRIES = table(name("entries"));
    private static final Field<Long> ID = field(name("id"), SQLDataType.BIGINT.identity(true));
    private static final Field<String> WRITER = field(name("writer"), SQLDataType.VARCHAR);

    @TempDir
    Path folder;
    private static final int POOL_SIZE = 4;
    private Database database;

    @BeforeEach
    void open() {
        String url = "jdbc:sqlite:" + folder.resolve("gate.db");
        database = Database.open(Config.from(Map.of("CARAFE_DATABASE_URL", url, "CARAFE_DATA_DIR", folder.toString(),
                "CARAFE_DATABASE_POOL_SIZE", Integer.toString(POOL_SIZE))).database());
        database.dsl().execute("create table entries (id integer primary key autoincrement, writer varchar(20) not null)");
        turnOffSqlitesWait(POOL_SIZE);
    }

    /** Holds every connection of the pool at once, so each one gets the pragma. */
    private void turnOffSqlitesWait(int connections) {
        if (connections == 0) return;
        database.dsl().connection(c -> {
            try (var statement = c.createStatement()) {
                statement.execute("pragma busy_timeout = 0");
            }
            turnOffSqlitesWait(connections - 1);
        });
    }

    @AfterEach
    void close() {
        database.close();
    }

    /**
     * Writes of every kind, beside reads that hold a connection while jOOQ maps their rows (a
     * {@link RenderedQuery}, as every signed-in request does), on fewer connections than threads.
     */
    @Test
    void concurrent_writers_of_one_process_never_find_the_database_locked() throws Exception {
        var db = database.dsl();
        var entriesOf = new RenderedQuery(db, db.select(ID, WRITER).from(ENTRIES).where(WRITER.eq(param("writer", String.class))));
        var writers = new ArrayList<Callable<Integer>>();
        for (int w = 0; w < 24; w++) {
            String name = "writer-" + w;
            writers.add(() -> {
                for (int i = 0; i < 20; i++) {
                    assertThat(entriesOf.fetch(name)).hasSize(i);
                    switch (i % 3) {
                        case 0 -> db.insertInto(ENTRIES, WRITER).values(name).execute();
                        case 1 -> db.insertInto(ENTRIES, WRITER).values(name).returning(ID).fetchOne();
                        default -> db.transaction(tx -> {
                            // Read, then write: the shape that deadlocks on a lock upgrade without IMMEDIATE.
                            tx.dsl().fetchCount(ENTRIES);
                            tx.dsl().insertInto(ENTRIES, WRITER).values(name).execute();
                        });
                    }
                }
                return 20;
            });
        }
        int written = 0;
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            for (Future<Integer> writer : threads.invokeAll(writers)) written += writer.get();
        }

        assertThat(db.fetchCount(ENTRIES)).isEqualTo(written).isEqualTo(24 * 20);
    }

    /** Waiting is bounded: past the timeout a writer fails as a transient timeout (the web layer's 503). */
    @Test
    void a_writer_that_waits_past_the_timeout_fails_as_a_transient_timeout() throws Exception {
        var gate = new SqliteWriteGate(Duration.ofMillis(200));
        var db = DSL.using(new DefaultConfiguration().set(database.dataSource()).set(SQLDialect.SQLITE)
                .set((ExecuteListener) gate).set((TransactionListener) gate));
        var holding = new CountDownLatch(1);
        var release = new CountDownLatch(1);
        try (var holder = Executors.newVirtualThreadPerTaskExecutor()) {
            var held = holder.submit(() -> db.transaction(tx -> {
                holding.countDown();
                release.await();
            }));
            holding.await();
            try {
                assertThatThrownBy(() -> db.insertInto(ENTRIES, WRITER).values("late").execute())
                        .isInstanceOf(DataAccessException.class)
                        .hasRootCauseInstanceOf(SQLTimeoutException.class);
            } finally {
                release.countDown();
            }
            held.get();
        }

        db.insertInto(ENTRIES, WRITER).values("after").execute();
        assertThat(db.select(WRITER).from(ENTRIES).fetch(WRITER)).containsExactly("after");
    }

    @Test
    void a_transaction_that_fails_lets_the_next_writer_in() throws Exception {
        var db = database.dsl();
        assertThatThrownBy(() -> db.transaction(tx -> {
            tx.dsl().insertInto(ENTRIES, WRITER).values("rolled back").execute();
            throw new IllegalStateException("the work failed");
        })).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> db.insertInto(ENTRIES, WRITER).values((String) null).execute())
                .as("a statement that fails").isNotNull();

        // From another thread: a gate still held by this one would keep it waiting, then fail.
        try (var other = Executors.newVirtualThreadPerTaskExecutor()) {
            other.submit(() -> db.insertInto(ENTRIES, WRITER).values("next").execute()).get();
        }

        assertThat(db.select(WRITER).from(ENTRIES).fetch(WRITER)).containsExactly("next");
    }
}
