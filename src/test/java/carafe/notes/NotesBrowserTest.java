package carafe.notes;

import static com.microsoft.playwright.assertions.PlaywrightAssertions.assertThat;

import carafe.support.BrowserPage;
import carafe.support.CarafeServer;
import com.microsoft.playwright.Locator;
import com.microsoft.playwright.Page;
import com.microsoft.playwright.options.AriaRole;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Pattern;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The notes pages in a real (headless) Chromium, the one Debian packages, with the real
 * Content-Security-Policy in force: write, edit, search and delete a note as a user does.
 * One browser per class, a fresh context (cookies) per test (BrowserPage).
 */
class NotesBrowserTest {
    @RegisterExtension
    @Order(1)
    static final CarafeServer server = new CarafeServer();

    @RegisterExtension
    @Order(2)
    static final BrowserPage browser = new BrowserPage(server);

    private static final String PASSWORD = "a long passphrase 42";

    private Page page;
    private final List<String> dialogs = new CopyOnWriteArrayList<>();

    @BeforeEach
    void usePage() {
        page = dismissDialogs(browser.page());
    }

    @Test
    void write_edit_search_and_delete_a_note() {
        signUp("Ada Lovelace");
        assertThat(recentNotes()).containsText("No notes yet.");

        // Write a note from the home page.
        link("New note").click();
        assertThat(page).hasURL(server.baseUrl() + "/notes/new");
        assertThat(heading()).hasText("New note");
        page.getByLabel("Title", new Page.GetByLabelOptions().setExact(true)).fill("Engine notes");
        page.getByLabel("Text", new Page.GetByLabelOptions().setExact(true)).fill("Bernoulli numbers\nsecond line");
        button("Save").click();

        // Playwright hands the regex to JavaScript, so no Pattern.quote (JavaScript has no \Q...\E).
        assertThat(page).hasURL(Pattern.compile("^http://127\\.0\\.0\\.1:\\d+/notes/\\d+$"));
        String noteUrl = page.url();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Note created.");
        assertThat(heading()).hasText("Engine notes");
        assertThat(page.locator(".note-body")).hasText("Bernoulli numbers\nsecond line");
        assertThat(page).hasTitle("Engine notes · Carafe");

        // Edit it.
        link("Edit").click();
        assertThat(page).hasURL(noteUrl + "/edit");
        assertThat(heading()).hasText("Edit note");
        var title = page.getByLabel("Title", new Page.GetByLabelOptions().setExact(true));
        var text = page.getByLabel("Text", new Page.GetByLabelOptions().setExact(true));
        assertThat(title).hasValue("Engine notes");
        assertThat(text).hasValue("Bernoulli numbers\nsecond line");
        title.fill("Analytical Engine notes");
        text.fill("Note G: Bernoulli numbers");
        button("Save").click();

        assertThat(page).hasURL(noteUrl);
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Note saved.");
        assertThat(heading()).hasText("Analytical Engine notes");
        assertThat(page.locator(".note-body")).hasText("Note G: Bernoulli numbers");

        // A second note, so the search has something to leave out.
        page.navigate("/notes/new");
        page.getByLabel("Title", new Page.GetByLabelOptions().setExact(true)).fill("Shopping");
        page.getByLabel("Text", new Page.GetByLabelOptions().setExact(true)).fill("Milk, eggs");
        button("Save").click();
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Note created.");

        link("All notes").click();
        assertThat(page).hasURL(server.baseUrl() + "/notes");
        assertThat(heading()).hasText("Notes");
        assertThat(noteLinks()).hasText(new String[] {"Shopping", "Analytical Engine notes"});

        // Search by a word of the text, any case.
        search("bernoulli");
        assertThat(page).hasURL(server.baseUrl() + "/notes?q=bernoulli");
        assertThat(noteLinks()).hasText(new String[] {"Analytical Engine notes"});
        assertThat(page.getByRole(AriaRole.SEARCHBOX)).hasValue("bernoulli");
        // A search that finds nothing says so.
        search("zeppelin");
        assertThat(noteLinks()).hasCount(0);
        assertThat(page.locator("main")).containsText("No note matches “zeppelin”.");
        link("Clear").click();
        assertThat(page).hasURL(server.baseUrl() + "/notes");
        assertThat(noteLinks()).hasCount(2);

        // Delete: it asks first, "Keep it" keeps it.
        link("Analytical Engine notes").click();
        assertThat(page).hasURL(noteUrl);
        link("Delete").click();
        assertThat(page).hasURL(noteUrl + "/delete");
        assertThat(heading()).hasText("Delete this note?");
        assertThat(page.locator("main")).containsText("Analytical Engine notes will be deleted for good.");
        link("Keep it").click();
        assertThat(page).hasURL(noteUrl);
        assertThat(heading()).hasText("Analytical Engine notes");
        link("Delete").click();
        button("Delete").click();

        assertThat(page).hasURL(server.baseUrl() + "/notes");
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Note deleted.");
        assertThat(noteLinks()).hasText(new String[] {"Shopping"});
        page.navigate(noteUrl);
        assertThat(heading()).hasText("Not found");

        // The home page lists what is left.
        page.navigate("/");
        assertThat(recentNotes().locator("a", new Locator.LocatorOptions().setHasText("Shopping"))).isVisible();
        assertThat(recentNotes()).not().containsText("Analytical Engine");

        assertNoCspViolations();
    }

    @Test
    void saving_over_a_change_made_in_another_tab_warns_first_and_keeps_the_text() {
        signUp("Grace Hopper");
        page.navigate("/notes/new");
        page.getByLabel("Title", new Page.GetByLabelOptions().setExact(true)).fill("Shared");
        page.getByLabel("Text", new Page.GetByLabelOptions().setExact(true)).fill("first");
        button("Save").click();
        String noteUrl = page.url();

        // Two tabs open the edit form; the other one saves first.
        page.navigate(noteUrl + "/edit");
        Page other = dismissDialogs(browser.newTab());
        other.navigate(noteUrl + "/edit");
        other.getByLabel("Title", new Page.GetByLabelOptions().setExact(true)).fill("Theirs");
        other.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save").setExact(true)).click();
        assertThat(other.getByRole(AriaRole.STATUS)).hasText("Note saved.");

        page.getByLabel("Title", new Page.GetByLabelOptions().setExact(true)).fill("Mine");
        page.getByLabel("Text", new Page.GetByLabelOptions().setExact(true)).fill("my words");
        button("Save").click();

        assertThat(page.getByRole(AriaRole.ALERT)).containsText("This note was changed since you opened it.");
        assertThat(page.getByLabel("Title", new Page.GetByLabelOptions().setExact(true))).hasValue("Mine");
        assertThat(page.getByLabel("Text", new Page.GetByLabelOptions().setExact(true))).hasValue("my words");
        assertThat(page.locator(".conflict h3")).hasText("Theirs");

        // Saving again replaces it knowingly.
        button("Save").click();
        assertThat(page).hasURL(noteUrl);
        assertThat(page.getByRole(AriaRole.STATUS)).hasText("Note saved.");
        assertThat(heading()).hasText("Mine");
        assertThat(page.locator(".note-body")).hasText("my words");

        assertNoCspViolations();
    }

    @Test
    void markup_in_a_note_is_shown_as_text_and_never_runs() {
        signUp("Mallory");
        String title = "<script>alert(1)</script>";
        String body = "<img src=x onerror=alert(2)> '; DROP TABLE notes; --";
        page.navigate("/notes/new");
        page.getByLabel("Title", new Page.GetByLabelOptions().setExact(true)).fill(title);
        page.getByLabel("Text", new Page.GetByLabelOptions().setExact(true)).fill(body);
        button("Save").click();

        assertThat(heading()).hasText(title);
        assertThat(page.locator(".note-body")).hasText(body);
        assertThat(page.locator("main img")).hasCount(0);
        page.navigate("/notes");
        assertThat(noteLinks()).hasText(new String[] {title});
        page.navigate("/");
        assertThat(recentNotes()).containsText(title);

        Assertions.assertThat(dialogs).as("alerts that ran").isEmpty();
        assertNoCspViolations();
    }

    // ---- helpers ----

    /** Records and dismisses every alert or confirm a page shows (an injected script would show one). */
    private Page dismissDialogs(Page tab) {
        tab.onDialog(dialog -> {
            dialogs.add(dialog.message());
            dialog.dismiss();
        });
        return tab;
    }

    private void signUp(String name) {
        page.navigate("/");
        link("Create account").click();
        assertThat(page).hasURL(server.baseUrl() + "/register");
        page.getByLabel("Name").fill(name);
        page.getByLabel("Email").fill(CarafeServer.uniqueEmail("notes-browser"));
        page.getByLabel("Password").fill(PASSWORD);
        button("Create account").click();
        assertThat(page).hasURL(server.baseUrl() + "/");
        assertThat(page.getByTestId("signed-in-as")).hasText(name);
    }

    private void search(String words) {
        page.getByRole(AriaRole.SEARCHBOX, new Page.GetByRoleOptions().setName("Search notes")).fill(words);
        button("Search").click();
        assertThat(page.getByRole(AriaRole.SEARCHBOX)).hasValue(words);
    }

    private Locator link(String name) {
        return page.getByRole(AriaRole.LINK, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private Locator button(String name) {
        return page.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName(name).setExact(true));
    }

    private Locator heading() {
        return page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setLevel(1));
    }

    private Locator noteLinks() {
        return page.locator("ul.note-list > li > a");
    }

    private Locator recentNotes() {
        return page.locator("section.card", new Page.LocatorOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Recent notes"))));
    }

    private void assertNoCspViolations() {
        Assertions.assertThat(browser.consoleErrors()).as("console errors").noneMatch(NotesBrowserTest::isCspViolation);
        Assertions.assertThat(browser.pageErrors()).as("uncaught page errors").isEmpty();
    }

    private static boolean isCspViolation(String text) {
        return text.contains("Content Security Policy") || text.contains("Content-Security-Policy");
    }
}
