package carafe.app;

import static carafe.db.schema.Tables.NOTES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeFalse;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Eventually;
import carafe.support.Json;
import carafe.support.TestDatabase;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code carafe db backup} and {@code carafe db restore}, run through the real command tree: on SQLite a
 * consistent copy of a database that keeps being written, and a restore that waits for no server; on
 * PostgreSQL both point to pg_dump.
 */
class BackupCommandTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    @TempDir
    Path folder;

    record Run(int exit, String out, String err) {}

    private static Run carafe(Map<String, String> settings, String... args) {
        var config = Config.from(settings);
        var cli = Main.commandLine(() -> config);
        var out = new StringWriter();
        var err = new StringWriter();
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return new Run(cli.execute(args), out.toString(), err.toString());
    }

    private static Run carafe(String... args) {
        return carafe(server.sharedSettings(), args);
    }

    private Map<String, String> ownDatabase() {
        return Map.of("CARAFE_DATABASE_URL", "jdbc:sqlite:" + folder.resolve("db/carafe.db"),
                "CARAFE_DATA_DIR", folder.resolve("data").toString(), "CARAFE_HOST", "127.0.0.1", "CARAFE_PORT", "0");
    }

    private static TreeSet<Long> noteIds(String jdbcUrl) throws SQLException {
        var ids = new TreeSet<Long>();
        try (var connection = DriverManager.getConnection(jdbcUrl);
             var rows = connection.createStatement().executeQuery("select id from notes")) {
            while (rows.next()) ids.add(rows.getLong(1));
        }
        return ids;
    }

    private static String integrityOf(Path file) throws SQLException {
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             var result = connection.createStatement().executeQuery("pragma integrity_check")) {
            result.next();
            return result.getString(1);
        }
    }

    private static void assumeSqlite() {
        assumeFalse(TestDatabase.isPostgres(), "SQLite's backup; PostgreSQL has pg_dump");
    }

    @Test
    void a_backup_taken_while_notes_are_written_holds_every_note_committed_before_it_and_nothing_half_done()
            throws Exception {
        assumeSqlite();
        var writer = server.signUp("busy").client();
        var acknowledged = new ConcurrentSkipListSet<Long>();
        var stop = new AtomicBoolean();
        Path backup = folder.resolve("busy.db");
        Set<Long> before;
        Run run;
        try (var writers = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 4; i++) {
                writers.submit(() -> {
                    while (!stop.get()) {
                        var created = writer.postJson("/api/notes", Json.object("title", "under load"));
                        if (created.status() == 201) acknowledged.add(created.json().path("id").asLong());
                    }
                    return null;
                });
            }
            Eventually.until("notes are being written", () -> acknowledged.size() >= 50);
            before = Set.copyOf(acknowledged);

            run = carafe("db", "backup", backup.toString());

            int after = acknowledged.size();
            Eventually.until("writes went on after the backup", () -> acknowledged.size() >= after + 20);
            stop.set(true);
        }

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Backed up ").contains(backup.toString());
        assertThat(integrityOf(backup)).isEqualTo("ok");
        var copied = noteIds("jdbc:sqlite:" + backup);
        assertThat(copied).as("every note acknowledged before the backup began").containsAll(before);
        var live = noteIds(server.databaseUrl());
        assertThat(copied).as("the database as of one moment: every note up to the newest copied, no gap")
                .isEqualTo(live.headSet(copied.last(), true));
        assertThat(live.size()).as("notes written after the copy").isGreaterThan(copied.size());
    }

    @Test
    void restore_is_refused_while_a_server_uses_the_database() throws Exception {
        assumeSqlite();
        var member = server.signUp("guarded");
        Path backup = folder.resolve("guarded.db");
        assertThat(carafe("db", "backup", backup.toString()).exit()).isZero();
        member.client().postJson("/api/notes", Json.object("title", "written after the backup"));

        var refused = carafe("db", "restore", backup.toString());

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("A server is using").doesNotContain("Exception");
        assertThat(server.db().fetchCount(NOTES, NOTES.OWNER_ID.eq(member.id()))).isEqualTo(1);
    }

    @Test
    void restore_brings_back_exactly_the_backed_up_notes_once_the_server_stopped_and_keeps_the_replaced_database()
            throws Exception {
        assumeSqlite();
        var settings = ownDatabase();
        Path backup = folder.resolve("kept.db");
        var app = App.create(Config.from(settings)).start();
        try {
            var client = new Client("http://127.0.0.1:" + app.port());
            assertThat(client.register("restored@example.com", "Restored", CarafeServer.PASSWORD).status()).isEqualTo(201);
            for (String title : List.of("one", "two", "three")) client.postJson("/api/notes", Json.object("title", title));
            assertThat(carafe(settings, "db", "backup", backup.toString()).exit()).isZero();
            client.postJson("/api/notes", Json.object("title", "after the backup"));
        } finally {
            app.close();
        }

        var run = carafe(settings, "db", "restore", backup.toString());

        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).startsWith("Restored ").contains("kept as");
        try (var restarted = App.create(Config.from(settings)).start()) {
            assertThat(restarted.database().dsl().select(NOTES.TITLE).from(NOTES).orderBy(NOTES.ID).fetch(NOTES.TITLE))
                    .containsExactly("one", "two", "three");
            assertThat(restarted.database().dsl().fetchValue("pragma integrity_check")).isEqualTo("ok");
        }
        try (var aside = Files.list(folder.resolve("db"))) {
            var replaced = aside.filter(f -> f.getFileName().toString().matches("carafe\\.db\\.before-restore-[0-9TZ]+"))
                    .toList();
            assertThat(replaced).hasSize(1);
            assertThat(noteIds("jdbc:sqlite:" + replaced.get(0))).as("the replaced database, its last note included")
                    .hasSize(4);
        }
    }

    @Test
    void restore_is_refused_while_a_server_in_another_process_uses_the_database() throws Exception {
        assumeSqlite();
        var settings = ownDatabase();
        Path backup = folder.resolve("other-process.db");
        try (var app = App.create(Config.from(settings)).start()) {
            assertThat(carafe(settings, "db", "backup", backup.toString()).exit()).isZero();
        }
        Process serving = serveInAnotherProcess(settings);
        try {
            var refused = carafe(settings, "db", "restore", backup.toString());

            assertThat(refused.exit()).isEqualTo(1);
            assertThat(refused.err()).contains("A server is using");
        } finally {
            serving.destroy(); // SIGTERM: a graceful stop
            assertThat(serving.waitFor(60, TimeUnit.SECONDS)).as("the server stopped").isTrue();
        }
        assertThat(carafe(settings, "db", "restore", backup.toString()).exit()).as("once it stopped").isZero();
    }

    @Test
    void restore_refuses_a_file_that_is_not_a_carafe_database_and_leaves_the_database_alone() throws Exception {
        assumeSqlite();
        var settings = ownDatabase();
        Path text = Files.writeString(folder.resolve("notes.txt"), "not a database");
        Path otherDatabase = folder.resolve("other.db");
        try (var connection = DriverManager.getConnection("jdbc:sqlite:" + otherDatabase)) {
            connection.createStatement().execute("create table things (id integer primary key)");
        }
        App.create(Config.from(settings)).close(); // a migrated, stopped database

        for (Path wrong : List.of(text, otherDatabase, folder.resolve("missing.db"))) {
            var refused = carafe(settings, "db", "restore", wrong.toString());

            assertThat(refused.exit()).as(wrong.toString()).isEqualTo(1);
            assertThat(refused.err()).as(wrong.toString()).containsAnyOf("not a Carafe SQLite database", "No file");
        }
        assertThat(integrityOf(folder.resolve("db/carafe.db"))).isEqualTo("ok");
        try (var files = Files.list(folder.resolve("db"))) {
            assertThat(files.map(f -> f.getFileName().toString())).noneMatch(name -> name.contains("before-restore")
                    || name.contains("restoring"));
        }
    }

    @Test
    void a_backup_never_overwrites_a_file() throws IOException {
        assumeSqlite();
        Path existing = Files.writeString(folder.resolve("existing.db"), "keep me");

        var refused = carafe("db", "backup", existing.toString());

        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("already exists");
        assertThat(Files.readString(existing)).isEqualTo("keep me");
    }

    @Test
    void on_postgresql_backup_and_restore_point_to_pg_dump() {
        assumeTrue(TestDatabase.isPostgres(), "PostgreSQL's tools");

        var backup = carafe("db", "backup", folder.resolve("x.dump").toString());
        var restore = carafe("db", "restore", folder.resolve("x.dump").toString());

        assertThat(backup.exit()).isEqualTo(1);
        assertThat(backup.err()).contains("pg_dump");
        assertThat(restore.exit()).isEqualTo(1);
        assertThat(restore.err()).contains("pg_restore");
    }

    /** {@code carafe serve} as a process of its own on these settings, returned once it serves. */
    private static Process serveInAnotherProcess(Map<String, String> settings) throws IOException, InterruptedException {
        var command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-XX:+UseSerialGC", "--enable-native-access=ALL-UNNAMED",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "serve"));
        var builder = new ProcessBuilder(command).redirectErrorStream(true);
        var environment = new HashMap<>(settings);
        environment.put("CARAFE_LOG_LEVEL", "INFO");
        builder.environment().putAll(environment);
        Process process = builder.start();
        var serving = new CountDownLatch(1);
        var seen = new StringBuffer();
        Thread.ofVirtual().start(() -> { // reads its output to the end, so its pipe never fills
            try (var output = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = output.readLine(); line != null; line = output.readLine()) {
                    seen.append(line).append('\n');
                    if (line.contains("Carafe is serving")) serving.countDown();
                }
            } catch (IOException ended) {
                // the process is gone
            }
        });
        if (serving.await(90, TimeUnit.SECONDS)) return process;
        process.destroyForcibly();
        throw new AssertionError("carafe serve in another process did not start:\n" + seen);
    }
}
