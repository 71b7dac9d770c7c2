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

    private Page page;
    private final List<String> dialogs = new CopyOnWriteArrayList<>();

    @BeforeEach
    void usePage() {
        page = dismissDialogs(browser.page());
    }

    @Test
    void write_edit_search_and_delete_a_note() {
        browser.signUpThroughTheForm("Ada Lovelace");
        assertThat(recentNotes()).containsText("No notes yet.");

        // Write a note from the home page.
        browser.link("New note").click();
        assertThat(page).hasURL(server.baseUrl() + "/notes/new");
        assertThat(browser.heading()).hasText("New note");
        browser.field("Title").fill("Engine notes");
        browser.field("Text").fill("Bernoulli numbers\nsecond line");
        browser.button("Save").click();

        // Playwright hands the regex to JavaScript, so no Pattern.quote (JavaScript has no \Q...\E).
        assertThat(page).hasURL(Pattern.compile("^http://127\\.0\\.0\\.1:\\d+/notes/\\d+$"));
        String noteUrl = page.url();
        assertThat(browser.flash()).hasText("Note created.");
        assertThat(browser.heading()).hasText("Engine notes");
        assertThat(page.locator(".note-body")).hasText("Bernoulli numbers\nsecond line");
        assertThat(page).hasTitle("Engine notes · Carafe");

        // Edit it.
        browser.link("Edit").click();
        assertThat(page).hasURL(noteUrl + "/edit");
        assertThat(browser.heading()).hasText("Edit note");
        var title = browser.field("Title");
        var text = browser.field("Text");
        assertThat(title).hasValue("Engine notes");
        assertThat(text).hasValue("Bernoulli numbers\nsecond line");
        title.fill("Analytical Engine notes");
        text.fill("Note G: Bernoulli numbers");
        browser.button("Save").click();

        assertThat(page).hasURL(noteUrl);
        assertThat(browser.flash()).hasText("Note saved.");
        assertThat(browser.heading()).hasText("Analytical Engine notes");
        assertThat(page.locator(".note-body")).hasText("Note G: Bernoulli numbers");

        // A second note, so the search has something to leave out.
        page.navigate("/notes/new");
        browser.field("Title").fill("Shopping");
        browser.field("Text").fill("Milk, eggs");
        browser.button("Save").click();
        assertThat(browser.flash()).hasText("Note created.");

        browser.link("All notes").click();
        assertThat(page).hasURL(server.baseUrl() + "/notes");
        assertThat(browser.heading()).hasText("Notes");
        assertThat(noteLinks()).hasText(new String[] {"Shopping", "Analytical Engine notes"});

        // Search by a word of the text, any case.
        search("bernoulli");
        assertThat(page).hasURL(server.baseUrl() + "/notes?q=bernoulli");
        assertThat(noteLinks()).hasText(new String[] {"Analytical Engine notes"});
        assertThat(browser.searchBox("Search notes")).hasValue("bernoulli");
        // A search that finds nothing says so.
        search("zeppelin");
        assertThat(noteLinks()).hasCount(0);
        assertThat(page.locator("main")).containsText("No note matches “zeppelin”.");
        browser.link("Clear").click();
        assertThat(page).hasURL(server.baseUrl() + "/notes");
        assertThat(noteLinks()).hasCount(2);

        // Delete: it asks first, "Keep it" keeps it.
        browser.link("Analytical Engine notes").click();
        assertThat(page).hasURL(noteUrl);
        browser.link("Delete").click();
        assertThat(page).hasURL(noteUrl + "/delete");
        assertThat(browser.heading()).hasText("Delete this note?");
        assertThat(page.locator("main")).containsText("Analytical Engine notes will be deleted for good.");
        browser.link("Keep it").click();
        assertThat(page).hasURL(noteUrl);
        assertThat(browser.heading()).hasText("Analytical Engine notes");
        browser.link("Delete").click();
        browser.button("Delete").click();

        assertThat(page).hasURL(server.baseUrl() + "/notes");
        assertThat(browser.flash()).hasText("Note deleted.");
        assertThat(noteLinks()).hasText(new String[] {"Shopping"});
        page.navigate(noteUrl);
        assertThat(browser.heading()).hasText("Not found");

        // The home page lists what is left.
        page.navigate("/");
        assertThat(recentNotes().locator("a", new Locator.LocatorOptions().setHasText("Shopping"))).isVisible();
        assertThat(recentNotes()).not().containsText("Analytical Engine");

        browser.assertNoCspViolations();
    }

    @Test
    void saving_over_a_change_made_in_another_tab_warns_first_and_keeps_the_text() {
        browser.signUpThroughTheForm("Grace Hopper");
        page.navigate("/notes/new");
        browser.field("Title").fill("Shared");
        browser.field("Text").fill("first");
        browser.button("Save").click();
        String noteUrl = page.url();

        // Two tabs open the edit form; the other one saves first.
        page.navigate(noteUrl + "/edit");
        Page other = dismissDialogs(browser.newTab());
        other.navigate(noteUrl + "/edit");
        other.getByLabel("Title", new Page.GetByLabelOptions().setExact(true)).fill("Theirs");
        other.getByRole(AriaRole.BUTTON, new Page.GetByRoleOptions().setName("Save").setExact(true)).click();
        assertThat(other.getByRole(AriaRole.STATUS)).hasText("Note saved.");

        browser.field("Title").fill("Mine");
        browser.field("Text").fill("my words");
        browser.button("Save").click();

        assertThat(page.getByRole(AriaRole.ALERT)).containsText("This note was changed since you opened it.");
        assertThat(browser.field("Title")).hasValue("Mine");
        assertThat(browser.field("Text")).hasValue("my words");
        assertThat(page.locator(".conflict h3")).hasText("Theirs");

        // Saving again replaces it knowingly.
        browser.button("Save").click();
        assertThat(page).hasURL(noteUrl);
        assertThat(browser.flash()).hasText("Note saved.");
        assertThat(browser.heading()).hasText("Mine");
        assertThat(page.locator(".note-body")).hasText("my words");

        browser.assertNoCspViolations();
    }

    @Test
    void markup_in_a_note_is_shown_as_text_and_never_runs() {
        browser.signUpThroughTheForm("Mallory");
        String title = "<script>alert(1)</script>";
        String body = "<img src=x onerror=alert(2)> '; DROP TABLE notes; --";
        page.navigate("/notes/new");
        browser.field("Title").fill(title);
        browser.field("Text").fill(body);
        browser.button("Save").click();

        assertThat(browser.heading()).hasText(title);
        assertThat(page.locator(".note-body")).hasText(body);
        assertThat(page.locator("main img")).hasCount(0);
        page.navigate("/notes");
        assertThat(noteLinks()).hasText(new String[] {title});
        page.navigate("/");
        assertThat(recentNotes()).containsText(title);

        Assertions.assertThat(dialogs).as("alerts that ran").isEmpty();
        browser.assertNoCspViolations();
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

    private void search(String words) {
        browser.searchBox("Search notes").fill(words);
        browser.button("Search").click();
        assertThat(browser.searchBox("Search notes")).hasValue(words);
    }

    private Locator noteLinks() {
        return page.locator("ul.note-list > li > a");
    }

    private Locator recentNotes() {
        return page.locator("section.card", new Page.LocatorOptions().setHas(
                page.getByRole(AriaRole.HEADING, new Page.GetByRoleOptions().setName("Recent notes"))));
    }
}
