package carafe.db;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How {@code carafe db restore} knows that a server uses an SQLite database: every running server holds
 * a shared lock on a file beside it ({@code carafe.db-serving.lock}) from start to stop, and a restore
 * takes the same lock exclusively, so it runs only while no server holds it, and a server cannot start
 * while a restore runs. The locks are the operating system's ({@code fcntl} on Linux): the kernel drops
 * them when the process ends, however it ends, so a crashed server leaves no stale lock behind; the file
 * itself stays and means nothing unless locked (docs/decisions/0025-sqlite-backups.md).
 *
 * <p>Such a lock belongs to the process, not to the channel that took it: closing any other channel on
 * the file would drop it. So the holders in one process (tests run several servers, and the commands, in
 * one JVM) share one channel, counted here, and the last to close releases the lock. This process-wide
 * table mirrors a process-wide resource; it is the only static state in Carafe.
 */
public final class ServerLock implements AutoCloseable {
    static final String SUFFIX = "-serving.lock";
    private static final ServerLock NONE = new ServerLock(null);
    private static final Map<Path, Held> HELD = new HashMap<>();

    private final Path file;
    private boolean closed;

    private ServerLock(Path file) {
        this.file = file;
    }

    /** The lock file's channel, whether it is shared (servers) or exclusive (a restore), and how many hold it. */
    private record Held(FileChannel channel, boolean shared, int holders) {}

    /** Held by a server while it runs; nothing for PostgreSQL or an in-memory database. */
    public static ServerLock forServer(String jdbcUrl) {
        var database = SqliteFile.of(jdbcUrl);
        if (database.isEmpty()) return NONE;
        return take(database.get().beside(SUFFIX), true).orElseThrow(() -> new InUse("A restore of "
                + database.get().path() + " is running; start the server once it has finished."));
    }

    /** Held by a restore while it replaces the database; refused while any server holds its shared lock. */
    public static ServerLock forRestore(SqliteFile database) {
        return take(database.beside(SUFFIX), false).orElseThrow(() -> new InUse("A server is using "
                + database.path() + ": stop every server that uses it, then restore."));
    }

    private static synchronized Optional<ServerLock> take(Path file, boolean shared) {
        var held = HELD.get(file);
        if (held != null) {
            if (!shared || !held.shared()) return Optional.empty();
            HELD.put(file, new Held(held.channel(), true, held.holders() + 1));
            return Optional.of(new ServerLock(file));
        }
        FileChannel channel = null;
        try {
            Files.createDirectories(file.getParent());
            channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            if (channel.tryLock(0, Long.MAX_VALUE, shared) == null) {
                channel.close();
                return Optional.empty();
            }
            HELD.put(file, new Held(channel, shared, 1));
            return Optional.of(new ServerLock(file));
        } catch (IOException e) {
            closeQuietly(channel);
            throw new UncheckedIOException("Cannot lock " + file, e);
        }
    }

    @Override
    public void close() {
        if (file == null) return;
        synchronized (ServerLock.class) {
            var held = HELD.get(file);
            if (held == null || closed) return;
            closed = true;
            if (held.holders() > 1) {
                HELD.put(file, new Held(held.channel(), held.shared(), held.holders() - 1));
            } else {
                HELD.remove(file);
                closeQuietly(held.channel()); // releases the lock
            }
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel == null) return;
        try {
            channel.close();
        } catch (IOException ignored) {
            // the kernel drops the lock with the process anyway
        }
    }

    /** The database is used by a server (or being restored), so the operation cannot go ahead. */
    public static final class InUse extends IllegalStateException {
        InUse(String message) {
            super(message);
        }
    }
}
