package carafe.auth;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.TestRedis;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session store contract against Redis, plus what only Redis does: expiry by the key's own TTL. */
class RedisSessionStoreTest extends SessionStoreContract {
    private TestRedis redis;
    private RedisSessionStore store;

    @BeforeAll
    void connect() {
        redis = TestRedis.create();
        store = new RedisSessionStore(redis.redis());
    }

    @AfterAll
    void close() {
        if (redis != null) redis.close();
    }

    @Override
    protected SessionStore store() {
        return store;
    }

    private long ttlMillis(String key) {
        return redis.redis().text().sync().pttl(redis.prefix() + key);
    }

    @Test
    void redis_drops_a_session_by_itself_when_its_idle_timeout_passes() {
        var session = saved(newUser());

        assertThat(ttlMillis("session:" + session.idHash()))
                .isBetween(Duration.ofMinutes(29).toMillis(), Duration.ofMinutes(30).toMillis());
        assertThat(ttlMillis("user-sessions:" + session.userId())).isPositive();

        store.touch(session, now.plus(Duration.ofMinutes(10)), now.plus(Duration.ofMinutes(40)));
        assertThat(ttlMillis("session:" + session.idHash()))
                .as("the TTL runs from the touch").isBetween(Duration.ofMinutes(29).toMillis(), Duration.ofMinutes(30).toMillis());
    }

    @Test
    void a_session_redis_expired_leaves_the_users_list_at_the_next_read() {
        long user = newUser();
        var gone = saved(user);
        var kept = saved(user);
        redis.redis().text().sync().del(redis.prefix() + "session:" + gone.idHash()); // as its TTL would

        assertThat(store.findAllForUser(user)).extracting(Session::idHash).containsExactly(kept.idHash());
        assertThat(redis.redis().text().sync().zrange(redis.prefix() + "user-sessions:" + user, 0, -1))
                .containsExactly(kept.idHash());
    }
}
