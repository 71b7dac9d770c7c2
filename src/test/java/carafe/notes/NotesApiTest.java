package carafe.notes;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Json;
import carafe.support.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The notes API, the example every new resource copies: one behaviour per test, over real HTTP. */
class NotesApiTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static JsonNode create(Client client, String title, String body) {
        var response = client.postJson("/api/notes", Json.object("title", title, "body", body));
        assertThat(response.status()).isEqualTo(201);
        return response.json();
    }

    private static Response put(Client client, long id, String ifMatch, String title, String body) {
        String json = Json.object("title", title, "body", body);
        return ifMatch == null
                ? client.send("PUT", "/api/notes/" + id, "application/json", json, "X-CSRF-Token", client.csrfToken())
                : client.send("PUT", "/api/notes/" + id, "application/json", json,
                        "X-CSRF-Token", client.csrfToken(), "If-Match", ifMatch);
    }

    private static Response delete(Client client, long id) {
        return client.send("DELETE", "/api/notes/" + id, null, null, "X-CSRF-Token", client.csrfToken());
    }

    private static List<String> titles(Response page) {
        var titles = new ArrayList<String>();
        page.json().path("items").forEach(item -> titles.add(item.path("title").asText()));
        return titles;
    }

    @Test
    void create_answers_201_with_location_etag_and_the_note() {
        var client = server.signUp("creator").client();

        var response = client.postJson("/api/notes", Json.object("title", "Groceries", "body", "Milk, eggs"));

        assertThat(response.status()).isEqualTo(201);
        long id = response.json().path("id").asLong();
        assertThat(response.header("Location")).isEqualTo("/api/notes/" + id);
        assertThat(response.header("ETag")).isEqualTo("\"1\"");
        assertThat(response.header("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(response.json().path("title").asText()).isEqualTo("Groceries");
        assertThat(response.json().path("body").asText()).isEqualTo("Milk, eggs");
        assertThat(response.json().path("version").asInt()).isEqualTo(1);
        assertThat(response.json().path("createdAt").asText()).endsWith("Z");
        assertThat(client.get("/api/notes/" + id).json().path("title").asText()).isEqualTo("Groceries");
    }

    @Test
    void a_body_may_be_left_out() {
        var note = server.signUp("nobody").client().postJson("/api/notes", Json.object("title", "Only a title"));

        assertThat(note.status()).isEqualTo(201);
        assertThat(note.json().path("body").asText()).isEmpty();
    }

    @Test
    void read_answers_with_an_etag_and_304_when_it_still_matches() {
        var client = server.signUp("reader").client();
        long id = create(client, "Read me", "").path("id").asLong();

        var first = client.get("/api/notes/" + id);
        var again = client.get("/api/notes/" + id, "If-None-Match", first.header("ETag"));

        assertThat(first.status()).isEqualTo(200);
        assertThat(first.header("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(again.status()).isEqualTo(304);
        assertThat(again.body()).isEmpty();
        assertThat(again.header("ETag")).isEqualTo(first.header("ETag"));
    }

    @Test
    void update_needs_if_match_428_without_it() {
        var client = server.signUp("noifmatch").client();
        long id = create(client, "Keep", "as is").path("id").asLong();

        var response = put(client, id, null, "Changed", "text");

        assertThat(response.status()).isEqualTo(428);
        assertThat(client.get("/api/notes/" + id).json().path("title").asText()).isEqualTo("Keep");
    }

    @Test
    void update_with_the_current_etag_replaces_the_note_and_bumps_the_version() {
        var client = server.signUp("updater").client();
        long id = create(client, "Draft", "v1").path("id").asLong();

        var response = put(client, id, "\"1\"", "Final", "v2");

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.header("ETag")).isEqualTo("\"2\"");
        assertThat(response.json().path("title").asText()).isEqualTo("Final");
        assertThat(response.json().path("version").asInt()).isEqualTo(2);
    }

    @Test
    void update_with_a_stale_etag_is_412_and_changes_nothing() {
        var client = server.signUp("stale").client();
        long id = create(client, "Original", "text").path("id").asLong();
        assertThat(put(client, id, "\"1\"", "Second", "text").status()).isEqualTo(200);

        var response = put(client, id, "\"1\"", "Lost update", "text");

        assertThat(response.status()).isEqualTo(412);
        var now = client.get("/api/notes/" + id).json();
        assertThat(now.path("title").asText()).isEqualTo("Second");
        assertThat(now.path("version").asInt()).isEqualTo(2);
    }

    @Test
    void ten_concurrent_updates_with_the_same_etag_let_exactly_one_win() throws Exception {
        var client = server.signUp("racer").client();
        long id = create(client, "Race", "start").path("id").asLong();
        var start = new CountDownLatch(1);
        var results = new ArrayList<CompletableFuture<Integer>>();
        try (var pool = Executors.newFixedThreadPool(10)) {
            for (int i = 0; i < 10; i++) {
                String title = "Writer " + i;
                results.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return put(client, id, "\"1\"", title, "racing").status();
                }, pool));
            }
            start.countDown();
            var statuses = new ArrayList<Integer>();
            for (var result : results) statuses.add(result.get());
            assertThat(statuses).containsOnly(200, 412);
            assertThat(statuses.stream().filter(s -> s == 200).count()).isOne();
        }
        assertThat(client.get("/api/notes/" + id).json().path("version").asInt()).isEqualTo(2);
    }

    @Test
    void delete_answers_204_and_the_note_is_gone() {
        var client = server.signUp("deleter").client();
        long id = create(client, "Bye", "").path("id").asLong();

        assertThat(delete(client, id).status()).isEqualTo(204);

        assertThat(client.get("/api/notes/" + id).status()).isEqualTo(404);
        assertThat(delete(client, id).status()).isEqualTo(404);
    }

    @Test
    void another_users_note_is_404_for_every_method() {
        var alice = server.signUp("alice").client();
        var mallory = server.signUp("mallory").client();
        long id = create(alice, "Alice's secret", "diary").path("id").asLong();

        assertThat(mallory.get("/api/notes/" + id).status()).isEqualTo(404);
        assertThat(put(mallory, id, "\"1\"", "Hacked", "").status()).isEqualTo(404);
        assertThat(put(mallory, id, null, "Hacked", "").status()).isEqualTo(404);
        assertThat(delete(mallory, id).status()).isEqualTo(404);
        assertThat(mallory.get("/api/notes").json().path("items")).isEmpty();
        var untouched = alice.get("/api/notes/" + id).json();
        assertThat(untouched.path("title").asText()).isEqualTo("Alice's secret");
        assertThat(untouched.path("version").asInt()).isEqualTo(1);
    }

    @Test
    void a_missing_or_malformed_id_is_404_never_500() {
        var client = server.signUp("ids").client();

        assertThat(client.get("/api/notes/999999999").status()).isEqualTo(404);
        assertThat(client.get("/api/notes/99999999999999999999999999").status()).isEqualTo(404);
        assertThat(client.get("/api/notes/abc").status()).isEqualTo(404);
        assertThat(client.get("/api/notes/-1").status()).isEqualTo(404);
    }

    @Test
    void notes_need_a_signed_in_user_and_unsafe_calls_need_the_csrf_token() {
        assertThat(server.client().get("/api/notes").status()).isEqualTo(401);
        assertThat(server.client().postJson("/api/notes", Json.object("title", "x")).status()).isEqualTo(401);

        var client = server.signUp("csrf").client();
        String token = client.csrfToken();
        assertThat(client.csrfToken(null).postJson("/api/notes", Json.object("title", "x")).status()).isEqualTo(403);
        assertThat(client.csrfToken(token).get("/api/notes").json().path("items")).isEmpty();
    }

    @Test
    void invalid_notes_get_422_with_clear_messages() {
        var client = server.signUp("validator").client();

        var empty = client.postJson("/api/notes", Json.object("title", "  ", "body", ""));
        var tooLong = client.postJson("/api/notes", Json.object("title", "t".repeat(201), "body", "b".repeat(100_001)));
        var longest = client.postJson("/api/notes", Json.object("title", "t".repeat(200), "body", "b".repeat(100_000)));

        assertThat(empty.status()).isEqualTo(422);
        assertThat(empty.json().path("errors").get(0).path("field").asText()).isEqualTo("title");
        assertThat(empty.json().path("errors").get(0).path("message").asText()).isEqualTo("is required");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.json().path("errors").findValuesAsText("field")).containsExactly("body", "title");
        assertThat(tooLong.json().path("errors").get(0).path("message").asText()).isEqualTo("must be at most 100000 characters");
        assertThat(longest.status()).isEqualTo(201);
    }

    @Test
    void html_and_sql_metacharacters_are_stored_verbatim() {
        var client = server.signUp("hostile").client();
        String title = "<script>alert('x')</script>";
        String body = "'; DROP TABLE notes; -- %_\\ \" 😀";

        long id = create(client, title, body).path("id").asLong();

        var note = client.get("/api/notes/" + id).json();
        assertThat(note.path("title").asText()).isEqualTo(title);
        assertThat(note.path("body").asText()).isEqualTo(body);
    }

    @Test
    void the_list_is_newest_first_with_limit_and_an_etag() {
        var client = server.signUp("lister").client();
        for (int i = 1; i <= 3; i++) {
            create(client, "Note " + i, "");
            server.clock.advance(Duration.ofSeconds(1));
        }

        var page = client.get("/api/notes?limit=2");

        assertThat(page.status()).isEqualTo(200);
        assertThat(titles(page)).containsExactly("Note 3", "Note 2");
        assertThat(page.json().path("nextCursor").asText()).isNotBlank();
        assertThat(page.header("Cache-Control")).isEqualTo("private, no-cache");
        assertThat(client.get("/api/notes?limit=2", "If-None-Match", page.header("ETag")).status()).isEqualTo(304);
        create(client, "Note 4", "");
        assertThat(client.get("/api/notes?limit=2", "If-None-Match", page.header("ETag")).status()).isEqualTo(200);
    }

    @Test
    void limit_outside_1_to_100_and_a_bad_cursor_are_422() {
        var client = server.signUp("limits").client();

        for (String query : List.of("limit=0", "limit=101", "limit=-5", "limit=ten", "limit=99999999999", "cursor=not-a-cursor",
                "cursor=OTIyMzM3MjAzNjg1NDc3NTgwNy4x" /* 9223372036854775807.1: no database stores that time */)) {
            var response = client.get("/api/notes?" + query);
            assertThat(response.status()).as(query).isEqualTo(422);
            assertThat(response.json().path("errors").get(0).path("field").asText()).isIn("limit", "cursor");
        }
        assertThat(client.get("/api/notes?limit=100").status()).isEqualTo(200);
        assertThat(client.get("/api/notes?limit=1").status()).isEqualTo(200);
    }

    @Test
    void paging_through_45_notes_returns_each_exactly_once_in_order() {
        var client = server.signUp("pager").client();
        var created = new ArrayList<String>();
        for (int i = 0; i < 45; i++) {
            created.add(0, create(client, "Page note " + i, "").path("title").asText()); // same clock: ties on time
        }

        var seen = new ArrayList<String>();
        String cursor = null;
        int pages = 0;
        do {
            var page = client.get("/api/notes?limit=10" + (cursor == null ? "" : "&cursor=" + cursor));
            seen.addAll(titles(page));
            cursor = page.json().path("nextCursor").isNull() ? null : page.json().path("nextCursor").asText();
            pages++;
        } while (cursor != null);

        assertThat(pages).isEqualTo(5);
        assertThat(seen).containsExactlyElementsOf(created);
    }

    @Test
    void notes_added_or_deleted_between_pages_do_not_shift_the_pages() {
        var client = server.signUp("shifter").client();
        var ids = new ArrayList<Long>();
        for (int i = 0; i < 45; i++) {
            ids.add(create(client, "Old " + i, "").path("id").asLong());
            server.clock.advance(Duration.ofMillis(5));
        }

        var first = client.get("/api/notes?limit=20");
        String cursor = first.json().path("nextCursor").asText();
        for (int i = 0; i < 5; i++) create(client, "New " + i, ""); // newer than everything: page 1's territory
        delete(client, ids.get(44)); // on page 1 already
        var second = client.get("/api/notes?limit=20&cursor=" + cursor);
        var third = client.get("/api/notes?limit=20&cursor=" + second.json().path("nextCursor").asText());

        var all = new ArrayList<String>(titles(first));
        all.addAll(titles(second));
        all.addAll(titles(third));
        var expected = new ArrayList<String>();
        for (int i = 44; i >= 0; i--) expected.add("Old " + i);
        assertThat(all).containsExactlyElementsOf(expected);
        assertThat(third.json().path("nextCursor").isNull()).isTrue();
    }

    @Test
    void search_matches_title_and_body_case_insensitively_and_only_the_callers_notes() {
        var client = server.signUp("searcher").client();
        var other = server.signUp("other").client();
        create(client, "Holiday PLANS", "beach");
        create(client, "Shopping", "buy a new plan for the garden");
        create(client, "Work", "nothing to see");
        create(other, "My plans", "not yours");

        var found = client.get("/api/notes?q=" + URLEncoder.encode("Plan", StandardCharsets.UTF_8));

        assertThat(titles(found)).containsExactlyInAnyOrder("Holiday PLANS", "Shopping");
    }

    @Test
    void search_treats_wildcards_literally() {
        var client = server.signUp("wildcards").client();
        create(client, "100% done", "");
        create(client, "1000 things", "");
        create(client, "snake_case", "");
        create(client, "snakeXcase", "");

        assertThat(titles(client.get("/api/notes?q=" + URLEncoder.encode("100%", StandardCharsets.UTF_8))))
                .containsExactly("100% done");
        assertThat(titles(client.get("/api/notes?q=snake_case"))).containsExactly("snake_case");
    }

    @Test
    void twenty_parallel_creates_are_all_listed() throws Exception {
        var client = server.signUp("parallel").client();
        var start = new CountDownLatch(1);
        var results = new ArrayList<CompletableFuture<Integer>>();
        try (var pool = Executors.newFixedThreadPool(20)) {
            for (int i = 0; i < 20; i++) {
                String title = "Parallel " + i;
                results.add(CompletableFuture.supplyAsync(() -> {
                    await(start);
                    return client.postJson("/api/notes", Json.object("title", title, "body", "")).status();
                }, pool));
            }
            start.countDown();
            for (var result : results) assertThat(result.get()).isEqualTo(201);
        }

        var listed = titles(client.get("/api/notes?limit=100"));

        assertThat(listed).hasSize(20);
        for (int i = 0; i < 20; i++) assertThat(listed).contains("Parallel " + i);
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
