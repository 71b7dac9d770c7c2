package carafe.idempotency;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.auth.UserRepository;
import carafe.support.MigratedDatabase;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What every {@link IdempotencyStore} must do, wherever it keeps the keys: the database store and the
 * Redis store run these same tests ({@link DatabaseIdempotencyStoreTest}, {@link RedisIdempotencyStoreTest}).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class IdempotencyStoreContract {
    private static final AtomicInteger IDS = new AtomicInteger();
    private static final Duration LEASE = IdempotencyKeys.LEASE;
    protected static final Duration LIFETIME = Duration.ofHours(24);
    private static final StoredResponse CREATED = new StoredResponse(201,
            Map.of("Content-Type", "application/json", "Location", "/api/notes/7"),
            "{\"id\":7}".getBytes(StandardCharsets.UTF_8));

    protected final Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    @TempDir
    static Path folder;
    /** The run's database (SQLite or PostgreSQL): the users keys belong to, and the database store's table. */
    protected MigratedDatabase database;

    @BeforeAll
    void openDatabase() {
        database = MigratedDatabase.create(folder);
    }

    @AfterAll
    void closeDatabase() {
        if (database != null) database.close();
    }

    protected abstract IdempotencyStore store();

    protected long newUser() {
        return new UserRepository(database.dsl()).insert("keys" + IDS.incrementAndGet() + "@example.com", "Keys", "hash", now)
                .id();
    }

    protected static String newKey() {
        return "key-hash-" + IDS.incrementAndGet();
    }

    protected Claim claim(long user, String key, String request, Instant at) {
        return store().claim(user, key, request, "token-" + IDS.incrementAndGet(), at, at.plus(LEASE), at.plus(LIFETIME));
    }

    @Test
    void a_new_key_is_granted_then_in_flight_then_replayed_once_complete() {
        long user = newUser();
        String key = newKey();

        var first = claim(user, key, "request", now);
        assertThat(first).isInstanceOf(Claim.Granted.class);
        assertThat(claim(user, key, "request", now.plusSeconds(1))).isInstanceOf(Claim.InFlight.class);

        assertThat(store().complete((Claim.Granted) first, CREATED)).isTrue();
        var again = claim(user, key, "request", now.plusSeconds(2));

        assertThat(again).isInstanceOf(Claim.Replay.class);
        var replayed = ((Claim.Replay) again).response();
        assertThat(replayed.status()).isEqualTo(201);
        assertThat(replayed.headers()).containsExactlyEntriesOf(CREATED.headers());
        assertThat(replayed.body()).isEqualTo(CREATED.body());
    }

    @Test
    void the_same_key_for_another_request_is_a_mismatch_in_flight_or_complete() {
        long user = newUser();
        String key = newKey();
        var first = (Claim.Granted) claim(user, key, "request", now);

        assertThat(claim(user, key, "another request", now)).isInstanceOf(Claim.Mismatch.class);
        store().complete(first, CREATED);
        assertThat(claim(user, key, "another request", now)).isInstanceOf(Claim.Mismatch.class);
    }

    @Test
    void keys_are_per_user() {
        String key = newKey();

        assertThat(claim(newUser(), key, "request", now)).isInstanceOf(Claim.Granted.class);
        assertThat(claim(newUser(), key, "request", now)).isInstanceOf(Claim.Granted.class);
    }

    @Test
    void a_lease_that_ran_out_is_taken_over_and_the_old_claim_can_no_longer_finish() {
        long user = newUser();
        String key = newKey();
        var dead = (Claim.Granted) claim(user, key, "request", now);

        assertThat(claim(user, key, "request", now.plus(LEASE).minusMillis(1))).isInstanceOf(Claim.InFlight.class);
        var successor = claim(user, key, "request", now.plus(LEASE));

        assertThat(successor).isInstanceOf(Claim.Granted.class);
        assertThat(store().complete(dead, CREATED)).as("the dead request's late answer").isFalse();
        assertThat(store().complete((Claim.Granted) successor, CREATED)).isTrue();
        assertThat(claim(user, key, "request", now.plus(LEASE).plusSeconds(1))).isInstanceOf(Claim.Replay.class);
    }

    @Test
    void an_expired_key_is_granted_again_even_for_another_request() {
        long user = newUser();
        String key = newKey();
        store().complete((Claim.Granted) claim(user, key, "request", now), CREATED);

        assertThat(claim(user, key, "another request", now.plus(LIFETIME))).isInstanceOf(Claim.Granted.class);
    }

    @Test
    void a_released_key_is_free_and_a_completed_one_cannot_be_released() {
        long user = newUser();
        String failed = newKey();
        store().release((Claim.Granted) claim(user, failed, "request", now));

        assertThat(claim(user, failed, "another request", now)).isInstanceOf(Claim.Granted.class);

        String done = newKey();
        var answered = (Claim.Granted) claim(user, done, "request", now);
        store().complete(answered, CREATED);
        store().release(answered);
        assertThat(claim(user, done, "request", now)).isInstanceOf(Claim.Replay.class);
    }

    @Test
    void of_many_requests_racing_for_one_key_exactly_one_is_granted() throws Exception {
        long user = newUser();
        String key = newKey();
        var racers = new ArrayList<Callable<Claim>>();
        for (int i = 0; i < 16; i++) racers.add(() -> claim(user, key, "request", now));

        var claims = new ArrayList<Claim>();
        try (var pool = Executors.newFixedThreadPool(8)) {
            for (var result : pool.invokeAll(racers)) claims.add(result.get());
        }

        assertThat(claims).filteredOn(Claim.Granted.class::isInstance).hasSize(1);
        assertThat(claims).filteredOn(Claim.InFlight.class::isInstance).hasSize(15);
    }
}
