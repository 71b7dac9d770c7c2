package carafe.notes;

import carafe.auth.Access;
import carafe.auth.Authentication;
import carafe.web.Flash;
import carafe.web.Pages;
import carafe.web.PathIds;
import carafe.web.FormState;
import carafe.web.Forms;
import carafe.web.PreconditionFailed;
import carafe.web.QueryParams;
import carafe.web.RetryKey;
import carafe.web.ValidationFailed;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.HashMap;
import java.util.Map;

/**
 * The notes pages: list and search, read, write, edit and delete with confirmation. Plain forms and
 * redirects (post/redirect/get), so they work without JavaScript.
 */
public final class NotesPages {
    private final Notes notes;
    private final Authentication authentication;
    private final Pages pages;
    private final Flash flash;
    private final Forms forms;

    public NotesPages(Notes notes, Authentication authentication, Pages pages, Flash flash, Forms forms) {
        this.notes = notes;
        this.authentication = authentication;
        this.pages = pages;
        this.flash = flash;
        this.forms = forms;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/notes", this::list, Access.USER);
        routes.get("/notes/new", this::newForm, Access.USER);
        routes.post("/notes", this::create, Access.USER);
        routes.get("/notes/{id}", this::show, Access.USER);
        routes.get("/notes/{id}/edit", this::editForm, Access.USER);
        routes.post("/notes/{id}", this::update, Access.USER);
        routes.get("/notes/{id}/delete", this::confirmDelete, Access.USER);
        routes.post("/notes/{id}/delete", this::delete, Access.USER);
    }

    private void list(Context ctx) {
        String search = QueryParams.search(ctx);
        try {
            showList(ctx, notes.list(owner(ctx), Notes.DEFAULT_PAGE_SIZE, ctx.queryParam("cursor"), search), search);
        } catch (ValidationFailed editedAddress) {
            // A cursor or search the page never links to: the first page rather than an error.
            showList(ctx, notes.list(owner(ctx), Notes.DEFAULT_PAGE_SIZE, null, null), "");
        }
    }

    private void showList(Context ctx, NotePage found, String search) {
        pages.render(ctx, "Notes", (templates, page) -> templates.notesList(page, found, search));
    }

    private void newForm(Context ctx) {
        showForm(ctx, "New note", FormState.EMPTY, null, null);
    }

    private void create(Context ctx) {
        var form = Forms.submitted(ctx, "title", "body", "version");
        var request = new NoteRequest(ctx.formParam("title"), ctx.formParam("body"));
        var errors = forms.errors(ctx, request, "title", "body");
        if (!errors.isEmpty()) {
            showForm(ctx.status(422), "New note", form.withErrors(errors), null, null);
            return;
        }
        Note note = notes.create(owner(ctx), request, RetryKey.NONE);
        flash.set(ctx, Flash.Kind.SUCCESS, "Note created.");
        ctx.redirect("/notes/" + note.id(), HttpStatus.SEE_OTHER);
    }

    private void show(Context ctx) {
        Note note = notes.get(owner(ctx), PathIds.of(ctx));
        pages.render(ctx, note.title(), (templates, page) -> templates.notesShow(page, note));
    }

    private void editForm(Context ctx) {
        Note note = notes.get(owner(ctx), PathIds.of(ctx));
        var form = FormState.of(Map.of("title", note.title(), "body", note.body(), "version", Integer.toString(note.version())));
        showForm(ctx, "Edit note", form, note, null);
    }

    /**
     * Saves an edit made on the version the form was opened at. If someone saved in the meantime, the
     * form comes back with the user's text intact, a warning, and the newer version to compare; saving
     * again then overwrites knowingly.
     */
    private void update(Context ctx) {
        long owner = owner(ctx);
        Note current = notes.get(owner, PathIds.of(ctx));
        var form = Forms.submitted(ctx, "title", "body", "version");
        var request = new NoteRequest(ctx.formParam("title"), ctx.formParam("body"));
        var errors = forms.errors(ctx, request, "title", "body");
        if (!errors.isEmpty()) {
            showForm(ctx.status(422), "Edit note", form.withErrors(errors), current, null);
            return;
        }
        int openedAt = parseVersion(ctx.formParam("version"));
        try {
            notes.update(owner, current.id(), openedAt, request);
        } catch (PreconditionFailed changedMeanwhile) {
            Note latest = notes.get(owner, current.id());
            var values = new HashMap<>(form.values());
            values.put("version", Integer.toString(latest.version()));
            showForm(ctx.status(409), "Edit note", FormState.of(values).withFormError(
                    "This note was changed since you opened it. Your text is below; the saved version is shown "
                            + "underneath. Save again to replace it with yours."), current, latest);
            return;
        }
        flash.set(ctx, Flash.Kind.SUCCESS, "Note saved.");
        ctx.redirect("/notes/" + current.id(), HttpStatus.SEE_OTHER);
    }

    private void confirmDelete(Context ctx) {
        Note note = notes.get(owner(ctx), PathIds.of(ctx));
        pages.render(ctx, "Delete note", (templates, page) -> templates.notesDelete(page, note));
    }

    private void delete(Context ctx) {
        notes.delete(owner(ctx), PathIds.of(ctx));
        flash.set(ctx, Flash.Kind.INFO, "Note deleted.");
        ctx.redirect("/notes", HttpStatus.SEE_OTHER);
    }

    private void showForm(Context ctx, String title, FormState form, Note note, Note conflicting) {
        pages.render(ctx, title, (templates, page) -> templates.notesForm(page, form, note, conflicting));
    }

    private static int parseVersion(String version) {
        try {
            return version == null ? 0 : Integer.parseInt(version);
        } catch (NumberFormatException e) {
            return 0; // matches no note: shown as a conflict, never a 500
        }
    }

    private long owner(Context ctx) {
        return authentication.user(ctx).id();
    }
}
