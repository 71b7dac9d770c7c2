package carafe.db;

import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import org.jooq.ExecuteContext;
import org.jooq.ExecuteListener;
import org.jooq.ExecuteType;
import org.jooq.Scope;
import org.jooq.TransactionContext;
import org.jooq.TransactionListener;
import org.jooq.exception.DataAccessException;

/**
 * One writer at a time on an SQLite database, queued in Java before it takes a connection.
 *
 * <p>SQLite runs one write transaction at a time. Without this, a second writer waits inside SQLite's
 * busy handler, which sleeps in native code (1, 2, 5 ... 100 ms between tries): it misses the moment the
 * lock is free, and while it sleeps it holds one of the few carrier threads that run every virtual
 * thread, so a burst of writes stalled reads too (note create: p99 100-150 ms, carriers 9 % of their
 * time asleep in SQLite; docs/decisions/0022-sqlite-write-gate.md). Here the writer parks like any virtual
 * thread, holding no connection, and takes the gate the moment the last writer commits.
 *
 * <p>Every jOOQ transaction takes the gate (they begin IMMEDIATE, taking SQLite's write lock at once),
 * and every statement outside a transaction that is not a SELECT. The lock is reentrant: statements inside
 * a transaction pass through. Waiting is bounded by the busy timeout, as SQLite's own wait was. Other
 * processes on the same file (the command line) still meet SQLite's busy handler, as before.
 */
final class SqliteWriteGate implements ExecuteListener, TransactionListener {
    private static final Object HELD = SqliteWriteGate.class;

    private final ReentrantLock lock = new ReentrantLock(true);
    private final Duration timeout;

    SqliteWriteGate(Duration timeout) {
        this.timeout = timeout;
    }

    /**
     * The last event before jOOQ takes a connection for the statement: rendering the SQL is left out of
     * the time the gate is held, the connection in (a writer waiting here holds none). jOOQ skips
     * rendering when a query kept with {@code keepStatement(true)} runs again; Carafe keeps none.
     */
    @Override
    public void renderEnd(ExecuteContext ctx) {
        if (mayWrite(ctx)) enter(ctx);
    }

    /**
     * Whether jOOQ is about to run a statement that is not a SELECT. jOOQ also reports a result set it was
     * handed to map ({@code fetch(ResultSet)}, as {@link RenderedQuery} does) with no query and type OTHER:
     * that runs nothing, and its caller already holds a connection, so waiting here could deadlock.
     */
    private static boolean mayWrite(ExecuteContext ctx) {
        boolean runsSomething = ctx.query() != null || ctx.routine() != null || ctx.batchQueries().length > 0;
        return runsSomething && ctx.type() != ExecuteType.READ;
    }

    @Override
    public void end(ExecuteContext ctx) {
        leave(ctx);
    }

    @Override
    public void beginStart(TransactionContext ctx) {
        enter(ctx);
    }

    // A failed commit ends in rollbackEnd as well; leave() lets go once.
    @Override
    public void commitEnd(TransactionContext ctx) {
        leave(ctx);
    }

    @Override
    public void rollbackEnd(TransactionContext ctx) {
        leave(ctx);
    }

    private void enter(Scope scope) {
        boolean entered;
        try {
            entered = lock.tryLock(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DataAccessException("Interrupted while waiting to write to the database", e);
        }
        if (!entered) {
            // Transient, as a pool's timeout is: the web layer answers 503 with Retry-After.
            String message = "No turn to write to the database within " + timeout.toSeconds() + " s";
            throw new DataAccessException(message, new SQLTimeoutException(message));
        }
        scope.data(HELD, Boolean.TRUE);
    }

    private void leave(Scope scope) {
        if (scope.data().remove(HELD) != null) lock.unlock();
    }
}
