package carafe.redis;

import io.lettuce.core.ClientOptions;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.TimeoutOptions;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.resource.ClientResources;
import io.lettuce.core.resource.DefaultClientResources;
import io.lettuce.core.resource.Delay;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The Redis server every instance shares (CARAFE_REDIS_URL): one client, one multiplexed connection
 * for text (sessions) and one for bytes (Bucket4j's bucket state). Lettuce connections are
 * thread-safe and pipeline commands from many threads, so there is no pool to size. Every key is
 * under one prefix, so deployments (and test runs) can share a server.
 */
public final class Redis implements AutoCloseable {
    /**
     * A command that has not answered in this long fails, and the request with it (503), rather than
     * holding a request thread for Lettuce's default minute. Redis answers in well under a millisecond.
     */
    static final Duration DEFAULT_COMMAND_TIMEOUT = Duration.ofSeconds(2);
    private static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(5);
    /**
     * After Redis went away, reconnect attempts back off from 100 ms to at most 2 s (Lettuce's default
     * climbs to 30 s), so an instance is ready again within seconds of Redis coming back.
     */
    private static final Delay RECONNECT_DELAY = Delay.exponential(Duration.ofMillis(100), Duration.ofSeconds(2), 2,
            TimeUnit.MILLISECONDS);

    private final ClientResources resources;
    private final RedisClient client;
    private final StatefulRedisConnection<String, String> text;
    private final StatefulRedisConnection<String, byte[]> bytes;
    private final String prefix;

    private Redis(ClientResources resources, RedisClient client, StatefulRedisConnection<String, String> text,
            StatefulRedisConnection<String, byte[]> bytes, String prefix) {
        this.resources = resources;
        this.client = client;
        this.text = text;
        this.bytes = bytes;
        this.prefix = prefix;
    }

    /**
     * Connects at once, so a wrong URL or a server that is down stops start-up with a clear message
     * instead of failing the first request. The message never repeats the URL (it may hold a password).
     */
    public static Redis connect(String url, String prefix) {
        RedisURI uri = RedisURI.create(url);
        if (uri.getTimeout().equals(RedisURI.DEFAULT_TIMEOUT_DURATION)) uri.setTimeout(DEFAULT_COMMAND_TIMEOUT);
        var resources = DefaultClientResources.builder().reconnectDelay(RECONNECT_DELAY).build();
        var client = RedisClient.create(resources, uri);
        client.setOptions(ClientOptions.builder()
                .socketOptions(SocketOptions.builder().connectTimeout(CONNECT_TIMEOUT).build())
                // Commands issued while disconnected fail at once instead of queueing without bound.
                .disconnectedBehavior(ClientOptions.DisconnectedBehavior.REJECT_COMMANDS)
                .timeoutOptions(TimeoutOptions.enabled())
                .build());
        try {
            var text = client.connect();
            var bytes = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
            return new Redis(resources, client, text, bytes, prefix);
        } catch (RuntimeException e) {
            client.shutdown();
            resources.shutdown();
            throw new Unreachable("Cannot connect to Redis at " + uri.getHost() + ":" + uri.getPort()
                    + " (CARAFE_REDIS_URL): " + rootMessage(e), e);
        }
    }

    /** The connection for text values; thread-safe, shared. */
    public StatefulRedisConnection<String, String> text() {
        return text;
    }

    /** The connection for binary values (Bucket4j's serialized buckets); thread-safe, shared. */
    public StatefulRedisConnection<String, byte[]> bytes() {
        return bytes;
    }

    /** The key for a name, under this deployment's prefix, e.g. {@code carafe:session:…}. */
    public String key(String name) {
        return prefix + name;
    }

    /** For readiness: true when Redis answers a PING within the command timeout. */
    public boolean isReachable() {
        try {
            return "PONG".equals(text.sync().ping());
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void close() {
        text.close();
        bytes.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        resources.shutdown(0, 2, TimeUnit.SECONDS);
    }

    /** Redis could not be reached at start-up; the message says where and why, never the password. */
    public static final class Unreachable extends IllegalStateException {
        Unreachable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) root = root.getCause();
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
