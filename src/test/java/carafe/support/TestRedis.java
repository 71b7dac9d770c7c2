package carafe.support;

import static org.junit.jupiter.api.Assertions.fail;

import carafe.redis.Redis;
import io.lettuce.core.ScanArgs;
import io.lettuce.core.ScanCursor;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The local Redis for tests, under a key prefix of its own that {@link #close()} deletes, so runs
 * never see each other's keys or leftovers. Without Redis the tests that need it skip on a laptop and
 * fail under CI=true. The PostgreSQL run of the suite keeps sessions and rate limits in Redis
 * ({@code -Dcarafe.test.sessions=redis}), so every HTTP test also runs against the Redis stores.
 */
public final class TestRedis implements AutoCloseable {
    public static final String URL = System.getProperty("carafe.test.redis", "redis://127.0.0.1:6379/0");

    private final String prefix;
    private final Redis redis;

    private TestRedis(String prefix, Redis redis) {
        this.prefix = prefix;
        this.redis = redis;
    }

    /** Whether this run keeps the app's sessions and rate limits in Redis. */
    public static boolean forSessions() {
        return "redis".equals(System.getProperty("carafe.test.sessions"));
    }

    public static TestRedis create() {
        String prefix = "carafe-test:" + UUID.randomUUID() + ":";
        try {
            return new TestRedis(prefix, Redis.connect(URL, prefix));
        } catch (IllegalStateException e) {
            String why = "Redis is not reachable at " + URL + " (" + e.getMessage() + ")";
            if ("true".equals(System.getenv("CI"))) fail(why + "; CI=true requires it", e);
            Assumptions.abort(why + ": skipping. Start Redis (redis-server) to run this test.");
            throw e;
        }
    }

    public String prefix() {
        return prefix;
    }

    public Redis redis() {
        return redis;
    }

    /** Deletes every key under this prefix (a scan is fine here: tests only), then disconnects. */
    @Override
    public void close() {
        try {
            var commands = redis.text().sync();
            ScanCursor cursor = ScanCursor.INITIAL;
            do {
                var page = commands.scan(cursor, ScanArgs.Builder.matches(prefix + "*").limit(500));
                if (!page.getKeys().isEmpty()) commands.del(page.getKeys().toArray(String[]::new));
                cursor = page;
            } while (!cursor.isFinished());
        } finally {
            redis.close();
        }
    }
}
