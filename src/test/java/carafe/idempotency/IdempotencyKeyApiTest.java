package carafe.idempotency;

import static carafe.db.schema.Tables.IDEMPOTENCY_KEYS;
import static carafe.db.schema.Tables.NOTES;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.app.App;
import carafe.app.Config;
import carafe.app.Main;
import carafe.notes.NoteRequest;
import carafe.support.CarafeServer;
import carafe.support.Json;
import carafe.support.Member;
import carafe.support.Response;
import carafe.web.RetryKey;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code Idempotency-Key} on {@code POST /api/notes} (draft-ietf-httpapi-idempotency-key-header): a
 * retry gets the first answer and makes no second note. Keys are in the database, or in Redis in the
 * PostgreSQL run; a second instance shares them, as behind a load balancer.
 */
class IdempotencyKeyApiTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    @TempDir
    static Path secondDataDir;
    /** Another instance on the same database (and, in the Redis run, the same Redis). */
    static App second;

    @BeforeAll
    static void startSecondInstance() {
        var settings = new HashMap<>(server.sharedSettings());
        settings.put("CARAFE_HOST", "127.0.0.1");
        settings.put("CARAFE_PORT", "0");
        second = App.create(Config.from(settings), server.clock).start();
    }

    @AfterAll
    static void stopSecondInstance() {
        if (second != null) second.close();
    }

    private static String newKey() {
        return "\"" + UUID.randomUUID() + "\"";
    }

    private static Response create(Member member, String body, String key) {
        return member.client().postJson("/api/notes", body, Idempotency.HEADER, key);
    }

    private static int notesOf(Member member) {
        return server.db().fetchCount(NOTES, NOTES.OWNER_ID.eq(member.id()));
    }

    /** A member's create whose key is claimed as its first request would claim it: running, on some instance. */
    private record Running(Member member, String body, String key) {}

    private static Running runningRequest(String who, String title) {
        var member = server.signUp(who);
        String body = Json.object("title", title);
        String key = newKey();
        server.app().services().idempotencyKeys().claim(member.id(), IdempotencyKey.parse(key),
                IdempotencyKeys.requestHash("POST", "/api/notes", body.getBytes(StandardCharsets.UTF_8)));
        return new Running(member, body, key);
    }

    @Test
    void a_retry_with_the_same_key_and_body_gets_the_first_answer_and_makes_no_second_note() {
        var member = server.signUp("retrier");
        String body = Json.object("title", "Once", "body", "only once");
        String key = newKey();

        var first = create(member, body, key);
        var retry = create(member, body, key);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header(Idempotency.REPLAYED)).isNull();
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Location")).isEqualTo(first.header("Location")).startsWith("/api/notes/");
        assertThat(retry.header("ETag")).isEqualTo(first.header("ETag")).isEqualTo("\"1\"");
        assertThat(retry.contentType()).isEqualTo(first.contentType());
        assertThat(retry.header("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(retry.header(Idempotency.REPLAYED)).isEqualTo("true");
        assertThat(retry.header("X-Request-Id")).isNotEqualTo(first.header("X-Request-Id"));
        assertThat(notesOf(member)).isEqualTo(1);
    }

    @Test
    void the_same_key_with_another_body_is_422_and_makes_nothing() {
        var member = server.signUp("reuser");
        String key = newKey();
        assertThat(create(member, Json.object("title", "First"), key).status()).isEqualTo(201);

        var reused = create(member, Json.object("title", "Second"), key);

        assertThat(reused.status()).isEqualTo(422);
        assertThat(reused.contentType()).isEqualTo("application/problem+json");
        assertThat(reused.json().path("errors").get(0).path("field").asText()).isEqualTo(Idempotency.HEADER);
        assertThat(notesOf(member)).isEqualTo(1);
    }

    @Test
    void while_the_first_request_with_a_key_runs_a_retry_is_409() {
        var first = runningRequest("impatient", "Slow");

        var retry = create(first.member(), first.body(), first.key());

        assertThat(retry.status()).isEqualTo(409);
        assertThat(retry.contentType()).isEqualTo("application/problem+json");
        assertThat(retry.header("Retry-After")).isEqualTo("1");
        assertThat(notesOf(first.member())).isZero();
    }

    @Test
    void of_requests_sent_at_once_with_one_key_one_makes_the_note_and_the_others_get_409_or_its_answer()
            throws Exception {
        var member = server.signUp("eager");
        String body = Json.object("title", "Clicked eight times");
        String key = newKey();

        var answers = new ArrayList<Response>();
        try (var pool = Executors.newVirtualThreadPerTaskExecutor()) {
            var sent = new ArrayList<Future<Response>>();
            for (int i = 0; i < 8; i++) sent.add(pool.submit(() -> create(member, body, key)));
            for (var answer : sent) answers.add(answer.get());
        }

        assertThat(answers).filteredOn(r -> r.status() == 201 && r.header(Idempotency.REPLAYED) == null).hasSize(1);
        assertThat(answers).allMatch(r -> r.status() == 409 || r.status() == 201);
        assertThat(notesOf(member)).isEqualTo(1);
    }

    @Test
    void a_key_whose_request_died_with_its_instance_is_free_again_once_its_30_second_lease_runs_out() {
        var orphan = runningRequest("orphan", "Lost in a crash");

        server.clock.advance(Duration.ofSeconds(29));
        assertThat(create(orphan.member(), orphan.body(), orphan.key()).status()).as("29 s later").isEqualTo(409);
        server.clock.advance(Duration.ofSeconds(1));
        var retry = create(orphan.member(), orphan.body(), orphan.key());

        assertThat(retry.status()).as("30 s later").isEqualTo(201);
        assertThat(retry.header(Idempotency.REPLAYED)).isNull();
        assertThat(create(orphan.member(), orphan.body(), orphan.key()).header(Idempotency.REPLAYED)).isEqualTo("true");
        assertThat(notesOf(orphan.member())).isEqualTo(1);
    }

    @Test
    void a_retry_after_an_instance_died_between_making_the_note_and_keeping_its_answer_gets_that_note() {
        var orphan = runningRequest("crashed", "Made, then the instance died");
        // What the first request did before its instance died: the note, made under its key; no answer kept.
        var key = new RetryKey(IdempotencyKey.parse(orphan.key()).hash(), false, Instant.EPOCH);
        var made = server.app().services().notes().create(orphan.member().id(),
                new NoteRequest("Made, then the instance died", null), key);
        assertThat(create(orphan.member(), orphan.body(), orphan.key()).status()).as("its lease still runs").isEqualTo(409);

        server.clock.advance(IdempotencyKeys.LEASE);
        var retry = create(orphan.member(), orphan.body(), orphan.key());

        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Location")).isEqualTo("/api/notes/" + made.id());
        assertThat(retry.header("ETag")).isEqualTo(made.etag());
        assertThat(notesOf(orphan.member())).as("made once").isEqualTo(1);
        var again = create(orphan.member(), orphan.body(), orphan.key());
        assertThat(again.header(Idempotency.REPLAYED)).isEqualTo("true");
        assertThat(again.header("Location")).isEqualTo("/api/notes/" + made.id());
    }

    @Test
    void a_key_reused_after_its_lifetime_makes_a_new_note_even_when_a_retry_finds_its_lease_run_out() {
        var member = server.signUp("reuser");
        String body = Json.object("title", "Every day");
        String key = newKey();
        assertThat(create(member, body, key).status()).isEqualTo(201);
        server.clock.advance(Duration.ofHours(25));
        member.client().login(member.email(), member.password());
        // The key's next use claims it afresh and dies without an answer; its retry takes it over.
        server.app().services().idempotencyKeys().claim(member.id(), IdempotencyKey.parse(key),
                IdempotencyKeys.requestHash("POST", "/api/notes", body.getBytes(StandardCharsets.UTF_8)));
        server.clock.advance(IdempotencyKeys.LEASE);

        var retry = create(member, body, key);

        assertThat(retry.status()).isEqualTo(201);
        assertThat(notesOf(member)).as("yesterday's note is not this key's any more").isEqualTo(2);
    }

    @Test
    void another_user_with_the_same_key_gets_a_note_of_their_own() {
        var ada = server.signUp("ada");
        var bob = server.signUp("bob");
        String body = Json.object("title", "Same words");
        String key = newKey();

        var adas = create(ada, body, key);
        var bobs = create(bob, body, key);

        assertThat(adas.status()).isEqualTo(201);
        assertThat(bobs.status()).isEqualTo(201);
        assertThat(bobs.header(Idempotency.REPLAYED)).isNull();
        assertThat(bobs.header("Location")).isNotEqualTo(adas.header("Location"));
        assertThat(notesOf(ada)).isEqualTo(1);
        assertThat(notesOf(bob)).isEqualTo(1);
    }

    @Test
    void a_key_is_kept_24_hours_then_forgotten_and_purged() {
        var member = server.signUp("forgetful");
        String body = Json.object("title", "Daily");
        String key = newKey();
        assertThat(create(member, body, key).status()).isEqualTo(201);

        server.clock.advance(Duration.ofHours(24).minusSeconds(1));
        member.client().login(member.email(), member.password()); // the session idled out meanwhile
        assertThat(create(member, body, key).header(Idempotency.REPLAYED)).as("a second before").isEqualTo("true");
        server.clock.advance(Duration.ofSeconds(1));
        var later = create(member, body, key);

        assertThat(later.status()).isEqualTo(201);
        assertThat(later.header(Idempotency.REPLAYED)).isNull();
        assertThat(notesOf(member)).isEqualTo(2);
        server.clock.advance(Duration.ofHours(24));
        assertThat(server.app().services().idempotencyKeys().purgeExpired()).as("purged (0 in Redis: its TTL drops keys)")
                .isGreaterThanOrEqualTo(server.app().services().redis() == null ? 1 : 0);
    }

    @Test
    void carafe_sessions_purge_removes_expired_keys_too() {
        var member = server.signUp("purged");
        assertThat(create(member, Json.object("title", "Old"), newKey()).status()).isEqualTo(201);
        // Long past by any clock: the command runs on the real one, the server on a test clock.
        boolean inDatabase = server.app().services().redis() == null;
        if (inDatabase) {
            server.db().update(IDEMPOTENCY_KEYS).set(IDEMPOTENCY_KEYS.EXPIRES_AT, Instant.parse("2020-01-01T00:00:00Z"))
                    .where(IDEMPOTENCY_KEYS.USER_ID.eq(member.id())).execute();
        }
        var out = new StringWriter();
        var cli = Main.commandLine(() -> Config.from(server.sharedSettings()));
        cli.setOut(new PrintWriter(out, true));

        assertThat(cli.execute("sessions", "purge")).isZero();

        // In Redis keys go by their TTL: nothing for the command to remove.
        assertThat(out.toString()).containsPattern(inDatabase ? "Removed [1-9][0-9]* expired idempotency keys\\."
                : "Removed 0 expired idempotency keys\\.");
        if (inDatabase) assertThat(server.db().fetchCount(IDEMPOTENCY_KEYS, IDEMPOTENCY_KEYS.USER_ID.eq(member.id()))).isZero();
    }

    @Test
    void a_request_that_failed_leaves_its_key_free_for_the_corrected_retry() {
        var member = server.signUp("fixer");
        String key = newKey();

        var invalid = create(member, Json.object("title", ""), key);
        var corrected = create(member, Json.object("title", "Now with a title"), key);

        assertThat(invalid.status()).isEqualTo(422);
        assertThat(corrected.status()).isEqualTo(201);
        assertThat(notesOf(member)).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"unquoted-uuid", "\"\"", "\"unterminated", "\"bad \\x escape\"", "\"tab\tinside\"",
            "\"two\" \"keys\""})
    void a_malformed_key_is_400_and_makes_nothing(String malformed) {
        var member = server.signUp("malformed");

        var response = create(member, Json.object("title", "Never"), malformed);

        assertThat(response.status()).isEqualTo(400);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(response.json().path("detail").asText()).contains("Idempotency-Key");
        assertThat(notesOf(member)).isZero();
    }

    @Test
    void a_key_longer_than_255_characters_is_400() {
        var member = server.signUp("verbose");

        assertThat(create(member, Json.object("title", "Never"), "\"" + "k".repeat(256) + "\"").status()).isEqualTo(400);
        assertThat(create(member, Json.object("title", "Fine"), "\"" + "k".repeat(255) + "\"").status()).isEqualTo(201);
    }

    @Test
    void a_retry_that_reaches_another_instance_gets_the_same_answer() {
        var member = server.signUp("roamer");
        String body = Json.object("title", "Via a load balancer");
        String key = newKey();
        var first = create(member, body, key);

        var elsewhere = member.client().on("http://127.0.0.1:" + second.port())
                .postJson("/api/notes", body, Idempotency.HEADER, key);

        assertThat(elsewhere.status()).isEqualTo(201);
        assertThat(elsewhere.header(Idempotency.REPLAYED)).isEqualTo("true");
        assertThat(elsewhere.body()).isEqualTo(first.body());
        assertThat(elsewhere.header("Location")).isEqualTo(first.header("Location"));
        assertThat(notesOf(member)).isEqualTo(1);
    }

    @Test
    void without_a_key_every_post_makes_a_note() {
        var member = server.signUp("plain");
        String body = Json.object("title", "Twice");

        var first = member.client().postJson("/api/notes", body);
        var second = member.client().postJson("/api/notes", body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.status()).isEqualTo(201);
        assertThat(second.header(Idempotency.REPLAYED)).isNull();
        assertThat(notesOf(member)).isEqualTo(2);
    }
}
