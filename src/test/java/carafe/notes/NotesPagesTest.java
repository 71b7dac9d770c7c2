package carafe.notes;

import static carafe.support.Html.field;
import static carafe.support.Html.firstGroup;
import static carafe.support.Html.form;
import static carafe.support.Html.hidden;
import static carafe.support.Html.unescape;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Client;
import carafe.support.Json;
import carafe.support.Response;
import com.fasterxml.jackson.databind.JsonNode;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The notes pages over real HTTP, as a browser without JavaScript uses them: plain forms with the
 * session's {@code _csrf}, post/redirect/get, flashes, and the edit conflict page.
 */
class NotesPagesTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static final String FLASH = "carafe_flash";
    private static final String SCRIPT = "<script>alert(1)</script>";
    private static final String SCRIPT_ESCAPED = "&lt;script&gt;alert(1)&lt;/script&gt;";
    private static final String SQL = "'; DROP TABLE notes; --";
    private static final String CONFLICT = "This note was changed since you opened it.";

    // ---- signing in ----

    @Test
    void an_anonymous_browser_asking_for_the_notes_goes_to_sign_in_and_comes_back_after() {
        var client = server.client();

        var page = client.get("/notes", "Accept", "text/html");

        assertThat(page.status()).isEqualTo(303);
        assertThat(page.header("Location")).isEqualTo("/login?next=%2Fnotes");
        assertThat(client.get("/notes/new", "Accept", "text/html").header("Location"))
                .isEqualTo("/login?next=%2Fnotes%2Fnew");
        // Not a browser: 401, no redirect.
        assertThat(client.get("/notes").status()).isEqualTo(401);
        // A form post without a session is refused, not redirected.
        assertThat(client.postForm("/notes", form("title", "Anonymous", "body", ""), "Accept", "text/html").status())
                .isEqualTo(401);
    }

    @Test
    void the_notes_pages_carry_the_sessions_csrf_token() {
        var client = server.signUp("token").client();
        long id = createViaApi(client, "Token", "").path("id").asLong();

        for (String path : List.of("/notes", "/notes/new", "/notes/" + id, "/notes/" + id + "/edit",
                "/notes/" + id + "/delete")) {
            var page = client.page(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(hidden(page.body(), "_csrf")).as(path).isEqualTo(client.csrfToken());
            assertThat(page.header("Cache-Control")).as(path).isEqualTo("no-store");
            assertThat(page.body()).as(path).doesNotContain("<script").doesNotContain("<style")
                    .doesNotContainPattern("(?i)\\son[a-z]+=");
        }
    }

    // ---- create ----

    @Test
    void creating_through_the_form_redirects_to_the_note_with_a_flash() {
        var client = server.signUp("creator").client();
        var form = client.page("/notes/new");
        assertThat(form.status()).isEqualTo(200);
        assertThat(form.body()).contains("<title>New note · Carafe</title>")
                .contains("<form method=\"post\" action=\"/notes\" novalidate>")
                .doesNotContain("name=\"version\"");

        var response = client.postForm("/notes", form("_csrf", hidden(form.body(), "_csrf"),
                "title", "Groceries", "body", "Milk\nEggs"));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).matches("/notes/\\d+");
        assertThat(response.setCookie(FLASH)).isPresent();
        long id = idFrom(response);
        var shown = client.page("/notes/" + id);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body()).contains("<title>Groceries · Carafe</title>")
                .contains("<p class=\"flash flash-success\" role=\"status\">Note created.</p>")
                .contains("<h1>Groceries</h1>")
                .contains("<div class=\"note-body\">Milk\nEggs</div>")
                .contains("<a class=\"button\" href=\"/notes/" + id + "/edit\">Edit</a>")
                .contains("<a href=\"/notes/" + id + "/delete\">Delete</a>");
        // The flash is shown once.
        assertThat(client.page("/notes/" + id).body()).doesNotContain("Note created.");
        // Listed on /notes and on the home page.
        assertThat(noteIds(client.page("/notes").body())).containsExactly(id);
        assertThat(client.page("/notes").body()).contains("<a href=\"/notes/" + id + "\">Groceries</a>")
                .contains("<p class=\"excerpt\">Milk Eggs</p>");
        var home = client.page("/");
        assertThat(home.body()).contains("<h2>Recent notes</h2>")
                .contains("<a href=\"/notes/" + id + "\">Groceries</a>")
                .doesNotContain("No notes yet.");
        var api = client.get("/api/notes/" + id).json();
        assertThat(api.path("title").asText()).isEqualTo("Groceries");
        assertThat(api.path("body").asText()).isEqualTo("Milk\nEggs");
        assertThat(api.path("version").asInt()).isEqualTo(1);
    }

    @Test
    void a_new_user_sees_no_notes_yet_on_the_list_and_the_home_page() {
        var client = server.signUp("empty").client();

        assertThat(client.page("/notes").body()).contains("No notes yet.").doesNotContain("Older notes");
        assertThat(client.page("/").body()).contains("No notes yet.");
    }

    @Test
    void the_home_page_shows_only_the_callers_recent_notes() {
        var client = server.signUp("home").client();
        var other = server.signUp("home-other").client();
        long mine = createViaApi(client, "Mine on the home page", "").path("id").asLong();
        createViaApi(other, "Someone else's", "");

        String home = client.page("/").body();

        assertThat(home).contains("<a href=\"/notes/" + mine + "\">Mine on the home page</a>")
                .doesNotContain("Someone else");
        // Signed out, the home page shows no notes.
        assertThat(server.client().page("/").body()).doesNotContain("Recent notes");
    }

    // ---- invalid input ----

    @Test
    void an_empty_title_is_422_with_the_error_next_to_it_and_the_text_kept() {
        var client = server.signUp("empty-title").client();

        var response = client.postForm("/notes", form("_csrf", client.csrfToken(), "title", "  ", "body", "Keep this text"),
                "Accept", "text/html");

        assertThat(response.status()).isEqualTo(422);
        String field = field(response.body(), "title");
        assertThat(field).contains("class=\"field has-error\"").contains("aria-invalid=\"true\"")
                .contains("aria-describedby=\"title-error\"")
                .contains("<p class=\"field-error\" id=\"title-error\">Title is required.</p>");
        assertThat(textarea(response.body())).isEqualTo("Keep this text");
        assertThat(field(response.body(), "body")).doesNotContain("field-error");
        // Still a working form for the same session.
        assertThat(hidden(response.body(), "_csrf")).isEqualTo(client.csrfToken());
        assertThat(response.body()).contains("action=\"/notes\"");
        assertThat(client.get("/api/notes").json().path("items")).isEmpty();
    }

    @Test
    void a_201_character_title_is_422_and_the_input_is_kept() {
        var client = server.signUp("long-title").client();
        String title = "t".repeat(201);

        var response = client.postForm("/notes", form("_csrf", client.csrfToken(), "title", title, "body", "b"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(field(response.body(), "title")).contains("value=\"" + title + "\"")
                .contains("<p class=\"field-error\" id=\"title-error\">Title must be at most 200 characters.</p>");
        assertThat(textarea(response.body())).isEqualTo("b");
        assertThat(client.get("/api/notes").json().path("items")).isEmpty();
        // 200 is fine.
        var ok = client.postForm("/notes", form("_csrf", client.csrfToken(), "title", "t".repeat(200), "body", "b"));
        assertThat(ok.status()).isEqualTo(303);
    }

    @Test
    void an_invalid_edit_is_422_keeps_the_input_and_the_version_and_changes_nothing() {
        var client = server.signUp("bad-edit").client();
        long id = createViaApi(client, "Before", "old text").path("id").asLong();

        var response = client.postForm("/notes/" + id, form("_csrf", client.csrfToken(), "version", "1",
                "title", "", "body", "new text"));

        assertThat(response.status()).isEqualTo(422);
        assertThat(field(response.body(), "title")).contains("Title is required.");
        assertThat(textarea(response.body())).isEqualTo("new text");
        assertThat(hidden(response.body(), "version")).isEqualTo("1");
        assertThat(response.body()).contains("action=\"/notes/" + id + "\"");
        var api = client.get("/api/notes/" + id).json();
        assertThat(api.path("title").asText()).isEqualTo("Before");
        assertThat(api.path("version").asInt()).isEqualTo(1);
    }

    @Test
    void text_with_a_nul_character_is_422_not_500() {
        var client = server.signUp("nul").client();

        var response = client.postForm("/notes", form("_csrf", client.csrfToken(), "title", "A\u0000B", "body", ""));

        assertThat(response.status()).isEqualTo(422);
        assertThat(field(response.body(), "title")).contains("Title contains characters that are not allowed.");
        assertThat(client.get("/api/notes").json().path("items")).isEmpty();
    }

    // ---- edit ----

    @Test
    void the_edit_form_carries_the_version_and_saving_redirects_with_a_flash() {
        var client = server.signUp("editor").client();
        long id = createViaApi(client, "Draft", "first").path("id").asLong();
        assertThat(putViaApi(client, id, "\"1\"", "Draft 2", "second").status()).isEqualTo(200);

        var edit = client.page("/notes/" + id + "/edit");

        assertThat(edit.status()).isEqualTo(200);
        assertThat(edit.body()).contains("<title>Edit note · Carafe</title>")
                .contains("<form method=\"post\" action=\"/notes/" + id + "\" novalidate>")
                .doesNotContain(CONFLICT);
        assertThat(hidden(edit.body(), "version")).isEqualTo("2");
        assertThat(field(edit.body(), "title")).contains("value=\"Draft 2\"");
        assertThat(textarea(edit.body())).isEqualTo("second");

        var saved = client.postForm("/notes/" + id, form("_csrf", hidden(edit.body(), "_csrf"),
                "version", hidden(edit.body(), "version"), "title", "Final", "body", "third"));

        assertThat(saved.status()).isEqualTo(303);
        assertThat(saved.header("Location")).isEqualTo("/notes/" + id);
        assertThat(client.page("/notes/" + id).body())
                .contains("<p class=\"flash flash-success\" role=\"status\">Note saved.</p>")
                .contains("<h1>Final</h1>").contains("<div class=\"note-body\">third</div>");
        var api = client.get("/api/notes/" + id).json();
        assertThat(api.path("title").asText()).isEqualTo("Final");
        assertThat(api.path("version").asInt()).isEqualTo(3);
    }

    @Test
    void a_stale_edit_is_409_keeps_the_users_text_shows_the_saved_version_and_a_second_save_wins() {
        var client = server.signUp("conflict").client();
        long id = createViaApi(client, "Shared", "original").path("id").asLong();
        var edit = client.page("/notes/" + id + "/edit");
        assertThat(hidden(edit.body(), "version")).isEqualTo("1");
        // Meanwhile, someone (another tab, the API) saves.
        assertThat(putViaApi(client, id, "\"1\"", "Saved elsewhere", "their text").status()).isEqualTo(200);

        var conflict = client.postForm("/notes/" + id, form("_csrf", hidden(edit.body(), "_csrf"),
                "version", hidden(edit.body(), "version"), "title", "My title", "body", "my text"), "Accept", "text/html");

        assertThat(conflict.status()).isEqualTo(409);
        String html = conflict.body();
        assertThat(html).contains("<p class=\"flash flash-error\" role=\"alert\">" + CONFLICT)
                .contains("Save again to replace it with yours.");
        assertThat(field(html, "title")).contains("value=\"My title\"").doesNotContain("field-error");
        assertThat(textarea(html)).isEqualTo("my text");
        assertThat(html).contains("<h2>The saved version</h2>").contains("<h3>Saved elsewhere</h3>")
                .contains("<div class=\"note-body\">their text</div>");
        assertThat(hidden(html, "version")).isEqualTo("2");
        assertThat(conflict.setCookie(FLASH)).isEmpty();
        // Nothing was overwritten.
        var between = client.get("/api/notes/" + id).json();
        assertThat(between.path("title").asText()).isEqualTo("Saved elsewhere");
        assertThat(between.path("version").asInt()).isEqualTo(2);

        // Submitting the conflict page's form as it is (the user's text, the newer version) wins.
        var again = client.postForm("/notes/" + id, form("_csrf", hidden(html, "_csrf"), "version", hidden(html, "version"),
                "title", attribute(field(html, "title"), "value"), "body", textarea(html)));

        assertThat(again.status()).isEqualTo(303);
        assertThat(again.header("Location")).isEqualTo("/notes/" + id);
        var after = client.get("/api/notes/" + id).json();
        assertThat(after.path("title").asText()).isEqualTo("My title");
        assertThat(after.path("body").asText()).isEqualTo("my text");
        assertThat(after.path("version").asInt()).isEqualTo(3);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "abc", "-1", "99999999999"})
    void a_missing_or_garbled_version_is_a_conflict_not_a_500(String version) {
        var client = server.signUp("bad-version").client();
        long id = createViaApi(client, "Versioned", "").path("id").asLong();
        var fields = form("_csrf", client.csrfToken(), "title", "Changed", "body", "");
        if (!version.isEmpty()) fields.put("version", version);

        var response = client.postForm("/notes/" + id, fields, "Accept", "text/html");

        assertThat(response.status()).isEqualTo(409);
        assertThat(response.body()).contains(CONFLICT);
        assertThat(hidden(response.body(), "version")).isEqualTo("1");
        assertThat(client.get("/api/notes/" + id).json().path("title").asText()).isEqualTo("Versioned");
    }

    // ---- delete ----

    @Test
    void delete_asks_first_and_the_post_deletes_the_note() {
        var client = server.signUp("deleter").client();
        long id = createViaApi(client, "Doomed", "text").path("id").asLong();
        long kept = createViaApi(client, "Kept", "text").path("id").asLong();

        var confirm = client.page("/notes/" + id + "/delete");

        assertThat(confirm.status()).isEqualTo(200);
        assertThat(confirm.body()).contains("<title>Delete note · Carafe</title>")
                .contains("<h1>Delete this note?</h1>")
                .contains("<strong>Doomed</strong> will be deleted for good.")
                .contains("<form method=\"post\" action=\"/notes/" + id + "/delete\">")
                .contains("<a href=\"/notes/" + id + "\">Keep it</a>");
        // Asking is not deleting.
        assertThat(client.get("/api/notes/" + id).status()).isEqualTo(200);

        var response = client.postForm("/notes/" + id + "/delete", form("_csrf", hidden(confirm.body(), "_csrf")));

        assertThat(response.status()).isEqualTo(303);
        assertThat(response.header("Location")).isEqualTo("/notes");
        var list = client.page("/notes");
        assertThat(list.body()).contains("<p class=\"flash flash-info\" role=\"status\">Note deleted.</p>")
                .doesNotContain("Doomed");
        assertThat(noteIds(list.body())).containsExactly(kept);
        assertThat(client.get("/api/notes/" + id).status()).isEqualTo(404);
        assertThat(client.page("/notes/" + id).status()).isEqualTo(404);
        assertThat(client.page("/notes/" + id + "/edit").status()).isEqualTo(404);
        // Deleting again: already gone.
        assertThat(client.postForm("/notes/" + id + "/delete", form("_csrf", client.csrfToken())).status()).isEqualTo(404);
    }

    // ---- escaping ----

    @Test
    void markup_and_sql_in_a_note_are_shown_escaped_on_every_page() {
        var client = server.signUp("xss").client();
        var created = client.postForm("/notes", form("_csrf", client.csrfToken(), "title", SCRIPT, "body", SQL));
        assertThat(created.status()).isEqualTo(303);
        long scriptTitle = idFrom(created);
        long sqlTitle = createViaApi(client, SQL, SCRIPT).path("id").asLong();

        for (String path : List.of("/notes", "/", "/notes/" + scriptTitle, "/notes/" + scriptTitle + "/edit",
                "/notes/" + scriptTitle + "/delete", "/notes/" + sqlTitle, "/notes/" + sqlTitle + "/edit",
                "/notes/" + sqlTitle + "/delete")) {
            var page = client.page(path);
            assertThat(page.status()).as(path).isEqualTo(200);
            assertThat(page.body()).as(path).doesNotContain("<script");
        }
        String list = client.page("/notes").body();
        // The quote needs no escaping in text; the SQL is just text, shown as typed.
        assertThat(list).contains(">" + SCRIPT_ESCAPED + "</a>")
                .contains(">" + SQL + "</a>")
                .contains("<p class=\"excerpt\">" + SQL + "</p>")
                .contains("<p class=\"excerpt\">" + SCRIPT_ESCAPED + "</p>");
        assertThat(client.page("/").body()).contains(">" + SCRIPT_ESCAPED + "</a>").contains(">" + SQL + "</a>");
        String shown = client.page("/notes/" + scriptTitle).body();
        assertThat(shown).contains("<title>" + SCRIPT_ESCAPED + " · Carafe</title>")
                .contains("<h1>" + SCRIPT_ESCAPED + "</h1>")
                .contains("<div class=\"note-body\">" + SQL + "</div>");
        String edit = client.page("/notes/" + sqlTitle + "/edit").body();
        assertThat(attribute(field(edit, "title"), "value")).isEqualTo(SQL);
        assertThat(textarea(edit)).isEqualTo(SCRIPT);
        // Stored as typed, and the table is still there.
        assertThat(client.get("/api/notes/" + scriptTitle).json().path("title").asText()).isEqualTo(SCRIPT);
        assertThat(client.get("/api/notes/" + sqlTitle).json().path("title").asText()).isEqualTo(SQL);
        assertThat(client.get("/api/notes").json().path("items")).hasSize(2);
    }

    @Test
    void markup_in_the_conflicting_version_and_in_a_search_is_escaped() {
        var client = server.signUp("xss-conflict").client();
        long id = createViaApi(client, "Plain", "").path("id").asLong();
        assertThat(putViaApi(client, id, "\"1\"", SCRIPT, SCRIPT).status()).isEqualTo(200);

        var conflict = client.postForm("/notes/" + id, form("_csrf", client.csrfToken(), "version", "1",
                "title", "\"><script>alert(2)</script>", "body", "</textarea><script>alert(3)</script>"));

        assertThat(conflict.status()).isEqualTo(409);
        assertThat(conflict.body()).doesNotContain("<script").doesNotContain("\"><")
                .contains("<h3>" + SCRIPT_ESCAPED + "</h3>");
        assertThat(textarea(conflict.body())).isEqualTo("</textarea><script>alert(3)</script>");

        var search = client.page("/notes?q=" + URLEncoder.encode("\"><script>x</script>", StandardCharsets.UTF_8));
        assertThat(search.status()).isEqualTo(200);
        assertThat(search.body()).doesNotContain("<script").doesNotContain("\"><");
    }

    // ---- other users ----

    @Test
    void another_users_note_pages_and_posts_are_404_and_change_nothing() {
        var owner = server.signUp("owner").client();
        long id = createViaApi(owner, "Private", "secret text").path("id").asLong();
        var intruder = server.signUp("intruder").client();

        for (String path : List.of("/notes/" + id, "/notes/" + id + "/edit", "/notes/" + id + "/delete")) {
            var page = intruder.page(path);
            assertThat(page.status()).as(path).isEqualTo(404);
            assertThat(page.body()).as(path).contains("<h1>Not found</h1>").doesNotContain("Private")
                    .doesNotContain("secret text");
        }
        var update = intruder.postForm("/notes/" + id, form("_csrf", intruder.csrfToken(), "version", "1",
                "title", "Hijacked", "body", "mine now"), "Accept", "text/html");
        assertThat(update.status()).isEqualTo(404);
        assertThat(update.body()).doesNotContain("Private").doesNotContain("secret text");
        // Not even the invalid-form page reveals it.
        var invalid = intruder.postForm("/notes/" + id, form("_csrf", intruder.csrfToken(), "version", "1",
                "title", "", "body", ""), "Accept", "text/html");
        assertThat(invalid.status()).isEqualTo(404);
        var delete = intruder.postForm("/notes/" + id + "/delete", form("_csrf", intruder.csrfToken()),
                "Accept", "text/html");
        assertThat(delete.status()).isEqualTo(404);
        assertThat(intruder.page("/notes").body()).doesNotContain("Private");
        assertThat(intruder.page("/").body()).doesNotContain("Private");

        var note = owner.get("/api/notes/" + id).json();
        assertThat(note.path("title").asText()).isEqualTo("Private");
        assertThat(note.path("body").asText()).isEqualTo("secret text");
        assertThat(note.path("version").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {"abc", "99999999999999999999", "-1", "0", "1.5"})
    void a_path_that_cannot_name_a_note_is_404(String id) {
        var client = server.signUp("bad-id").client();

        assertThat(client.page("/notes/" + id).status()).as(id).isEqualTo(404);
        assertThat(client.page("/notes/" + id + "/edit").status()).as(id).isEqualTo(404);
        assertThat(client.page("/notes/" + id + "/delete").status()).as(id).isEqualTo(404);
        assertThat(client.postForm("/notes/" + id, form("_csrf", client.csrfToken(), "version", "1",
                "title", "t", "body", "")).status()).as(id).isEqualTo(404);
        assertThat(client.postForm("/notes/" + id + "/delete", form("_csrf", client.csrfToken())).status())
                .as(id).isEqualTo(404);
    }

    // ---- CSRF ----

    @Test
    void posts_without_the_csrf_field_are_403_and_change_nothing() {
        var client = server.signUp("no-csrf").client();
        long id = createViaApi(client, "Unchanged", "text").path("id").asLong();

        var create = client.postForm("/notes", form("title", "Forged", "body", ""), "Accept", "text/html");
        var update = client.postForm("/notes/" + id, form("version", "1", "title", "Forged", "body", ""));
        var delete = client.postForm("/notes/" + id + "/delete", form());

        assertThat(create.status()).isEqualTo(403);
        assertThat(create.body()).contains("<h1>Forbidden</h1>");
        assertThat(update.status()).isEqualTo(403);
        assertThat(delete.status()).isEqualTo(403);
        assertThat(create.setCookie(FLASH)).isEmpty();
        var notes = client.get("/api/notes").json().path("items");
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).path("title").asText()).isEqualTo("Unchanged");
        assertThat(notes.get(0).path("version").asInt()).isEqualTo(1);
    }

    @Test
    void posts_with_another_sessions_csrf_token_are_403_and_change_nothing() {
        var client = server.signUp("wrong-csrf").client();
        long id = createViaApi(client, "Unchanged", "text").path("id").asLong();
        String foreign = server.signUp("wrong-csrf-other").client().csrfToken();

        assertThat(client.postForm("/notes", form("_csrf", foreign, "title", "Forged", "body", "")).status())
                .isEqualTo(403);
        assertThat(client.postForm("/notes/" + id, form("_csrf", foreign, "version", "1", "title", "Forged", "body", ""))
                .status()).isEqualTo(403);
        assertThat(client.postForm("/notes/" + id + "/delete", form("_csrf", foreign)).status()).isEqualTo(403);
        assertThat(client.postForm("/notes/" + id + "/delete", form("_csrf", "")).status()).isEqualTo(403);

        var notes = client.get("/api/notes").json().path("items");
        assertThat(notes).hasSize(1);
        assertThat(notes.get(0).path("title").asText()).isEqualTo("Unchanged");
        assertThat(notes.get(0).path("version").asInt()).isEqualTo(1);
    }

    // ---- search ----

    @Test
    void search_finds_title_and_body_matches_of_the_caller_only() {
        var client = server.signUp("searcher").client();
        var other = server.signUp("search-other").client();
        long holiday = createViaApi(client, "Holiday PLANS", "beach").path("id").asLong();
        long shopping = createViaApi(client, "Shopping", "buy a new plan for the garden").path("id").asLong();
        createViaApi(client, "Work", "nothing to see");
        createViaApi(other, "My plans", "not yours");

        var found = client.page("/notes?q=plan");

        assertThat(found.status()).isEqualTo(200);
        assertThat(noteIds(found.body())).containsExactlyInAnyOrder(holiday, shopping);
        assertThat(found.body()).doesNotContain("Work").doesNotContain("My plans")
                .contains("<input id=\"q\" name=\"q\" type=\"search\" value=\"plan\"")
                .contains("<a href=\"/notes\">Clear</a>");
        // Surrounding spaces do not matter; the list without q shows everything.
        assertThat(noteIds(client.page("/notes?q=%20%20PLAN%20").body())).containsExactlyInAnyOrder(holiday, shopping);
        assertThat(noteIds(client.page("/notes").body())).hasSize(3);
        assertThat(client.page("/notes").body()).doesNotContain("<a href=\"/notes\">Clear</a>");
    }

    @Test
    void a_search_that_finds_nothing_says_so() {
        var client = server.signUp("nothing").client();
        createViaApi(client, "Something", "");

        var found = client.page("/notes?q=zebra");

        assertThat(found.status()).isEqualTo(200);
        assertThat(noteIds(found.body())).isEmpty();
        assertThat(found.body()).contains("No note matches “zebra”.").doesNotContain("Something")
                .doesNotContain("No notes yet.");
    }

    @Test
    void a_search_with_a_nul_character_shows_the_whole_list() {
        var client = server.signUp("odd-search").client();
        long id = createViaApi(client, "Listed", "").path("id").asLong();

        var page = client.page("/notes?q=%00");

        assertThat(page.status()).isEqualTo(200);
        assertThat(noteIds(page.body())).containsExactly(id);
    }

    @Test
    void an_overlong_search_shows_the_whole_list_not_an_error() {
        var client = server.signUp("long-search").client();
        long id = createViaApi(client, "Listed", "").path("id").asLong();

        var page = client.page("/notes?q=" + "x".repeat(201));

        assertThat(page.status()).isEqualTo(200);
        assertThat(noteIds(page.body())).containsExactly(id);
    }

    // ---- paging ----

    @Test
    void more_than_20_notes_get_an_older_notes_link_and_the_next_page_repeats_none() {
        var client = server.signUp("pager").client();
        var created = new ArrayList<Long>();
        for (int i = 0; i < 25; i++) created.add(0, createViaApi(client, "Page note " + i, "").path("id").asLong());

        var first = client.page("/notes");
        var firstIds = noteIds(first.body());
        assertThat(firstIds).hasSize(20);
        String older = olderLink(first.body());
        assertThat(older).startsWith("/notes?cursor=");

        var second = client.page(older);
        var secondIds = noteIds(second.body());

        assertThat(second.status()).isEqualTo(200);
        assertThat(secondIds).hasSize(5);
        assertThat(second.body()).doesNotContain("Older notes");
        var all = new ArrayList<>(firstIds);
        all.addAll(secondIds);
        assertThat(new HashSet<>(all)).hasSize(25);
        assertThat(all).containsExactlyElementsOf(created);
        // The home page shows the 20 newest.
        assertThat(noteIds(client.page("/").body())).containsExactlyElementsOf(firstIds);
    }

    @Test
    void exactly_20_notes_fit_on_one_page_without_an_older_link() {
        var client = server.signUp("twenty").client();
        for (int i = 0; i < 20; i++) createViaApi(client, "Note " + i, "");

        var page = client.page("/notes");

        assertThat(noteIds(page.body())).hasSize(20);
        assertThat(page.body()).doesNotContain("Older notes");
    }

    @Test
    void the_older_notes_link_keeps_the_search() {
        var client = server.signUp("search-pager").client();
        var matching = new ArrayList<Long>();
        for (int i = 0; i < 25; i++) {
            createViaApi(client, "Other " + i, "");
            matching.add(0, createViaApi(client, "Match & " + i, "").path("id").asLong());
        }

        var first = client.page("/notes?q=" + URLEncoder.encode("match &", StandardCharsets.UTF_8));
        String older = olderLink(first.body());
        assertThat(older).contains("&q=match+%26");
        var second = client.page(older);

        var all = new ArrayList<>(noteIds(first.body()));
        all.addAll(noteIds(second.body()));
        assertThat(all).containsExactlyElementsOf(matching);
        assertThat(second.body()).contains("value=\"match &amp;\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"not-a-cursor", "%00", "%F0%9F%98%80", "", "%20", "bm90LWEtY3Vyc29y" /* not-a-cursor */,
            "MTIzNA" /* 1234 */, "LjE" /* .1 */, "MS4" /* 1. */, "YS5i" /* a.b */, "MS4yLjM" /* 1.2.3 */})
    void an_invalid_cursor_shows_the_first_page_not_an_error(String cursor) {
        assertFirstPageDespite("/notes?cursor=" + cursor);
    }

    /**
     * Well-formed numbers, but times no database stores (or that sort before every note): such a cursor was
     * never handed out, and PageCursor.decode refuses it like any other foreign cursor (PostgreSQL would
     * otherwise answer "timestamp out of range").
     */
    @ParameterizedTest
    @ValueSource(strings = {"OTIyMzM3MjAzNjg1NDc3NTgwNy4x" /* 9223372036854775807.1 */,
            "LTkyMjMzNzIwMzY4NTQ3NzU4MDguMQ" /* -9223372036854775808.1 */,
            "MjUzNDAyMzAwODAwMDAwLjE" /* 253402300800000.1: year 10000 */, "LTEuMQ" /* -1.1 */})
    void a_cursor_with_an_impossible_time_shows_the_first_page_not_an_error(String cursor) {
        assertFirstPageDespite("/notes?cursor=" + cursor);
    }

    private static void assertFirstPageDespite(String path) {
        var client = server.signUp("bad-cursor").client();
        var created = new ArrayList<Long>();
        for (int i = 0; i < 21; i++) created.add(0, createViaApi(client, "Note " + i, "").path("id").asLong());

        var page = client.page(path);

        assertThat(page.status()).as(page.body()).isEqualTo(200);
        assertThat(noteIds(page.body())).containsExactlyElementsOf(created.subList(0, 20));
        assertThat(page.body()).contains("Older notes");
    }

    // ---- helpers ----

    private static JsonNode createViaApi(Client client, String title, String body) {
        var response = client.postJson("/api/notes", Json.object("title", title, "body", body));
        assertThat(response.status()).as(response.body()).isEqualTo(201);
        return response.json();
    }

    private static Response putViaApi(Client client, long id, String ifMatch, String title, String body) {
        return client.send("PUT", "/api/notes/" + id, "application/json", Json.object("title", title, "body", body),
                "X-CSRF-Token", client.csrfToken(), "If-Match", ifMatch);
    }

    private static long idFrom(Response redirect) {
        Matcher matcher = Pattern.compile("/notes/(\\d+)").matcher(redirect.header("Location"));
        assertThat(matcher.matches()).as(redirect.header("Location")).isTrue();
        return Long.parseLong(matcher.group(1));
    }

    /** The ids of the notes a list shows, in order (the note list on /notes, the recent notes on /). */
    private static List<Long> noteIds(String html) {
        var ids = new ArrayList<Long>();
        Matcher matcher = Pattern.compile("<li>\\s*<a href=\"/notes/(\\d+)\">").matcher(html);
        while (matcher.find()) ids.add(Long.parseLong(matcher.group(1)));
        return ids;
    }

    private static String olderLink(String html) {
        return unescape(firstGroup(html, "<a rel=\"next\" href=\"([^\"]+)\">Older notes</a>"));
    }

    private static String attribute(String markup, String name) {
        return unescape(firstGroup(markup, "\\s" + Pattern.quote(name) + "=\"([^\"]*)\""));
    }

    /** The text in the body's textarea, as the browser would submit it. */
    private static String textarea(String html) {
        return unescape(firstGroup(html, "<textarea id=\"body\"[^>]*>(.*?)</textarea>"));
    }
}
