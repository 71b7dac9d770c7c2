package carafe.db;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import org.flywaydb.core.api.MigrationState;

/**
 * Backups of an SQLite database that keeps serving while they are taken, and restoring one
 * (docs/decisions/0025-sqlite-backups.md). A backup is {@code VACUUM INTO}: one read transaction, so
 * the copy is the database as of one moment, every commit before it and none after, while writers go on
 * (WAL: a reader blocks no writer). A restore replaces the database only while no server uses it
 * ({@link ServerLock}), from a file checked to be a whole Carafe database, and keeps the one it replaced.
 */
public final class SqliteBackups {
    private static final byte[] SQLITE_HEADER = "SQLite format 3\0".getBytes(StandardCharsets.US_ASCII);
    private static final DateTimeFormatter ASIDE_STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);

    private SqliteBackups() {}

    /**
     * Copies the live database into {@code target}, a file that must not exist yet, and returns its
     * size. The copy is written beside the target and renamed into place once it is complete, synced
     * and checked, so {@code target} never names half a backup.
     */
    public static long backup(Database database, Path target) {
        Path file = target.toAbsolutePath().normalize();
        if (Files.exists(file)) throw new IllegalArgumentException(file + " already exists: choose a new name.");
        if (!Files.isDirectory(file.getParent())) throw new IllegalArgumentException("No folder " + file.getParent());
        Path partial = file.resolveSibling(file.getFileName() + ".partial");
        try {
            Files.deleteIfExists(partial); // left by a backup that was stopped half-way
            database.dsl().execute("vacuum into ?", partial.toString());
            sync(partial);
            String problem = problemWith(partial);
            if (problem != null) throw new IllegalStateException("The copy failed its check (" + problem + "); kept as " + partial);
            Files.move(partial, file, StandardCopyOption.ATOMIC_MOVE);
            sync(file.getParent());
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Replaces the database with {@code backup}, refused while a server uses it. The backup is copied
     * beside the database first and checked there (a whole SQLite file, integrity ok, Carafe's tables,
     * migrations this version knows); then the current database and its WAL are renamed aside
     * ({@code carafe.db.before-restore-<time>}, returned; null when there was none) and the copy is
     * renamed into place. The backup file itself is only read.
     */
    public static Path restore(SqliteFile database, Path backup, Clock clock) {
        Path source = backup.toAbsolutePath().normalize();
        if (!Files.isRegularFile(source)) throw new IllegalArgumentException("No file " + source);
        try (var lock = ServerLock.forRestore(database)) {
            Path incoming = database.beside(".restoring");
            Files.copy(source, incoming, StandardCopyOption.REPLACE_EXISTING);
            String problem = problemWith(incoming);
            if (problem == null) problem = migrationProblem(incoming);
            if (problem != null) {
                Files.delete(incoming);
                throw new IllegalArgumentException(source + " is not a Carafe SQLite database to restore: " + problem + ".");
            }
            sync(incoming);
            Path aside = null;
            if (Files.exists(database.path())) {
                aside = database.beside(".before-restore-" + ASIDE_STAMP.format(clock.instant()));
                Files.move(database.path(), aside, StandardCopyOption.ATOMIC_MOVE);
                // The WAL may hold the last commits of a server that stopped without checkpointing: it
                // goes with its database. Left here, SQLite would apply it to the restored file.
                moveIfExists(database.wal(), Path.of(aside + "-wal"));
                moveIfExists(database.shm(), Path.of(aside + "-shm"));
            }
            Files.move(incoming, database.path(), StandardCopyOption.ATOMIC_MOVE);
            sync(database.path().getParent());
            return aside;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Why a file is not a whole SQLite database with Carafe's tables; null when it is one. */
    static String problemWith(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            if (!Arrays.equals(in.readNBytes(SQLITE_HEADER.length), SQLITE_HEADER)) return "it is not an SQLite database";
        } catch (IOException e) {
            return "it cannot be read (" + e.getMessage() + ")";
        }
        try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file);
             var statement = connection.createStatement()) {
            try (var integrity = statement.executeQuery("pragma integrity_check")) {
                integrity.next();
                if (!"ok".equals(integrity.getString(1))) return "its integrity check failed: " + integrity.getString(1);
            }
            try (var tables = statement.executeQuery("select count(*) from sqlite_master where type = 'table' "
                    + "and name in ('flyway_schema_history', 'users')")) {
                tables.next();
                if (tables.getInt(1) != 2) return "it has no Carafe tables";
            }
            return null;
        } catch (SQLException e) {
            return "SQLite cannot open it (" + e.getMessage() + ")";
        }
    }

    /** Why this version of Carafe cannot run on the file's migrations (one failed, or newer ones); null when it can. */
    private static String migrationProblem(Path file) {
        try (var candidate = Database.open(new Database.Settings("jdbc:sqlite:" + file, 1))) {
            for (var migration : new Migrations(candidate).info()) {
                var state = migration.getState();
                if (state == MigrationState.FAILED) return "its migration V" + migration.getVersion() + " failed";
                if (state == MigrationState.FUTURE_SUCCESS || state == MigrationState.FUTURE_FAILED) {
                    return "it was made by a newer Carafe (migration V" + migration.getVersion() + ")";
                }
            }
            return null;
        }
    }

    private static void moveIfExists(Path from, Path to) throws IOException {
        if (Files.exists(from)) Files.move(from, to, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Forces a file's bytes, or a folder's entries (a rename), to the disk. */
    private static void sync(Path path) throws IOException {
        try (var channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }
}
