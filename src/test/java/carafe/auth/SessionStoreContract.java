package carafe.auth;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.db.Database;
import carafe.support.MigratedDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link SessionStore} must do, whatever keeps the sessions: the database store and the
 * Redis store run these same tests ({@link DatabaseSessionStoreTest}, {@link RedisSessionStoreTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SessionStoreContract {
    private static final AtomicInteger IDS = new AtomicInteger();
    protected final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    @TempDir
    static Path folder;
    private MigratedDatabase migrated;
    /** The run's database (SQLite or PostgreSQL) with the users sessions belong to, whatever keeps the sessions. */
    protected Database database;
    protected UserRepository users;

    @BeforeAll
    void openUsers() {
        migrated = MigratedDatabase.create(folder);
        database = migrated.database();
        users = new UserRepository(database.dsl());
    }

    @AfterAll
    void closeUsers() {
        if (migrated != null) migrated.close();
    }

    protected abstract SessionStore store();

    protected long newUser() {
        return users.insert("store" + IDS.incrementAndGet() + "@example.com", "Store", "hash", now).id();
    }

    protected Session session(long userId, Duration idle, Duration absolute) {
        String idHash = SecretTokens.hash("cookie-" + IDS.incrementAndGet() + "-" + System.nanoTime());
        return new Session(idHash, userId, "csrf-" + idHash.substring(0, 8), now, now, now.plus(idle),
                now.plus(absolute), now, List.of(Amr.PASSWORD), false, false, "192.0.2.7",
                "Mozilla/5.0 (X11; Linux x86_64) Firefox/140.0");
    }

    protected Session saved(long userId) {
        var session = session(userId, Duration.ofMinutes(30), Duration.ofDays(7));
        store().save(session);
        return session;
    }

    @Test
    void a_saved_session_is_found_by_its_hash_with_every_field() {
        long user = newUser();
        var session = new Session(SecretTokens.hash("every-field"), user, "csrf", now, now.plusSeconds(5),
                now.plus(Duration.ofDays(30)), now.plus(Duration.ofDays(90)), now.minusSeconds(1),
                List.of(Amr.PASSWORD, Amr.ONE_TIME_CODE), true, true, null, null);
        store().save(session);

        assertThat(store().find(session.idHash())).contains(session);
        assertThat(store().find(SecretTokens.hash("unknown"))).isEmpty();
    }

    @Test
    void a_session_is_found_with_its_user_as_the_user_is_now() {
        long user = newUser();
        var session = saved(user);
        users.setActive(user, false, now);
        users.rename(user, "Renamed", now);

        var found = store().findWithUser(session.idHash(), users).orElseThrow();

        assertThat(found.session()).isEqualTo(session);
        assertThat(found.user().id()).isEqualTo(user);
        assertThat(found.user().name()).isEqualTo("Renamed");
        assertThat(found.user().active()).isFalse();
        assertThat(store().findWithUser(SecretTokens.hash("unknown"), users)).isEmpty();
    }

    @Test
    void touch_moves_the_last_seen_time_and_the_idle_expiry() {
        var session = saved(newUser());
        Instant later = now.plus(Duration.ofMinutes(5));

        store().touch(session, later, later.plus(Duration.ofMinutes(30)));

        var found = store().find(session.idHash()).orElseThrow();
        assertThat(found.lastSeenAt()).isEqualTo(later);
        assertThat(found.idleExpiresAt()).isEqualTo(later.plus(Duration.ofMinutes(30)));
        assertThat(found.csrfToken()).isEqualTo(session.csrfToken());
    }

    @Test
    void a_touch_never_brings_back_a_deleted_session() {
        var session = saved(newUser());
        store().delete(session.idHash());

        store().touch(session, now.plusSeconds(60), now.plus(Duration.ofMinutes(31)));

        assertThat(store().find(session.idHash())).isEmpty();
        assertThat(store().findAllForUser(session.userId())).isEmpty();
    }

    @Test
    void delete_ends_that_session_only() {
        long user = newUser();
        var ended = saved(user);
        var kept = saved(user);

        store().delete(ended.idHash());

        assertThat(store().find(ended.idHash())).isEmpty();
        assertThat(store().find(kept.idHash())).isPresent();
        assertThat(store().findAllForUser(user)).extracting(Session::idHash).containsExactly(kept.idHash());
    }

    @Test
    void a_users_sessions_are_listed_and_ended_without_touching_anyone_elses() {
        long user = newUser();
        long other = newUser();
        var mine = List.of(saved(user), saved(user), saved(user));
        var theirs = saved(other);

        assertThat(store().findAllForUser(user)).extracting(Session::idHash)
                .containsExactlyInAnyOrderElementsOf(mine.stream().map(Session::idHash).toList());

        assertThat(store().deleteAllForUser(user)).isEqualTo(3);
        assertThat(store().findAllForUser(user)).isEmpty();
        mine.forEach(s -> assertThat(store().find(s.idHash())).isEmpty());
        assertThat(store().find(theirs.idHash())).isPresent();
        assertThat(store().deleteAllForUser(user)).isZero();
    }

    @Test
    void ending_all_but_one_keeps_exactly_that_one() {
        long user = newUser();
        var kept = saved(user);
        saved(user);
        saved(user);

        assertThat(store().deleteAllForUserExcept(user, kept.idHash())).isEqualTo(2);

        assertThat(store().findAllForUser(user)).extracting(Session::idHash).containsExactly(kept.idHash());
    }

    @Test
    void expired_sessions_are_purged_and_not_counted_as_active() {
        long user = newUser();
        var live = saved(user);
        var idleOver = session(user, Duration.ofMinutes(1), Duration.ofDays(7));
        var absoluteOver = session(user, Duration.ofMinutes(1), Duration.ofMinutes(1));
        store().save(idleOver);
        store().save(absoluteOver);
        Instant later = now.plus(Duration.ofMinutes(2));
        long activeBefore = store().countActive(later);

        assertThat(store().deleteExpired(later)).isGreaterThanOrEqualTo(2);

        assertThat(store().find(idleOver.idHash())).isEmpty();
        assertThat(store().find(absoluteOver.idHash())).isEmpty();
        assertThat(store().find(live.idHash())).isPresent();
        assertThat(store().countActive(later)).isEqualTo(activeBefore).isPositive();
        assertThat(store().countActive(now.plus(Duration.ofDays(100)))).isZero();
    }

    @Test
    void concurrent_sign_ins_of_one_user_are_all_kept_and_all_ended_together() throws Exception {
        long user = newUser();
        var sessions = new ArrayList<Session>();
        for (int i = 0; i < 20; i++) sessions.add(session(user, Duration.ofMinutes(30), Duration.ofDays(7)));
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            sessions.forEach(s -> threads.submit(() -> store().save(s)));
        }

        assertThat(store().findAllForUser(user)).hasSize(20);
        assertThat(store().deleteAllForUser(user)).isEqualTo(20);
        assertThat(store().findAllForUser(user)).isEmpty();
    }
}
