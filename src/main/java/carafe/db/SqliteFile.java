package carafe.db;

import java.nio.file.Path;
import java.util.Optional;

/** The file of an SQLite database, and the files SQLite and Carafe keep beside it. */
public record SqliteFile(Path path) {
    /** The file a {@code jdbc:sqlite:} URL names; empty for another kind, an in-memory database or a file: URI. */
    public static Optional<SqliteFile> of(String jdbcUrl) {
        if (!jdbcUrl.startsWith("jdbc:sqlite:")) return Optional.empty();
        String file = jdbcUrl.substring("jdbc:sqlite:".length());
        int query = file.indexOf('?');
        if (query >= 0) file = file.substring(0, query);
        if (file.isEmpty() || file.startsWith(":memory:") || file.startsWith("file:")) return Optional.empty();
        return Optional.of(new SqliteFile(Path.of(file).toAbsolutePath().normalize()));
    }

    /** The write-ahead log: commits not yet copied into the database file live here. */
    public Path wal() {
        return beside("-wal");
    }

    /** The WAL's shared-memory index; rebuilt from the WAL when missing. */
    public Path shm() {
        return beside("-shm");
    }

    /** A file next to the database, named after it: {@code carafe.db} + suffix. */
    public Path beside(String suffix) {
        return path.resolveSibling(path.getFileName() + suffix);
    }
}
