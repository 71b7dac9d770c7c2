package carafe.web;

import carafe.templates.StaticTemplates;
import carafe.templates.Templates;
import gg.jte.models.runtime.JteModel;
import gg.jte.output.Utf8ByteOutput;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Renders pages inside the layout. A handler names its template through the generated, typed
 * {@link Templates} facade, so a wrong template or parameter fails the build, not the page:
 *
 * <pre>{@code pages.render(ctx, "Notes", (templates, page) -> templates.notesList(page, notes, q));}</pre>
 *
 * The {@link Page} handed to the template carries what the layout needs: the title, who is signed in
 * and their CSRF token, the flash message and the stylesheet's address. Templates are compiled at build
 * time with HTML escaping of every expression; nothing is parsed at run time.
 */
public final class Pages {
    private final Templates templates = new StaticTemplates();
    private final Viewers viewers;
    private final Flash flash;
    private final Assets assets;

    /** Who is signed in, as the layout shows them; the sign-in layer answers, which this package does not know. */
    @FunctionalInterface
    public interface Viewers {
        Optional<Page.Viewer> of(Context ctx);
    }

    /** A page's template with its parameters, given the facade and the layout's {@link Page}. */
    @FunctionalInterface
    public interface Template {
        JteModel of(Templates templates, Page page);
    }

    public Pages(Viewers viewers, Flash flash, Assets assets) {
        this.viewers = viewers;
        this.flash = flash;
        this.assets = assets;
    }

    public void render(Context ctx, String title, Template template) {
        var page = new Page(title, viewers.of(ctx).orElse(null), flash.take(ctx), assets);
        write(ctx, template.of(templates, page));
    }

    /** An error page; if finding the signed-in user fails too (database down), it is shown signed out. */
    public void renderError(Context ctx, int status, String title, String detail) {
        Optional<Page.Viewer> viewer;
        try {
            viewer = viewers.of(ctx);
        } catch (RuntimeException e) {
            viewer = Optional.empty();
        }
        var page = new Page(title, viewer.orElse(null), null, assets);
        write(ctx, templates.error(page, status, detail));
    }

    private static void write(Context ctx, JteModel model) {
        var output = new Utf8ByteOutput();
        model.render(output);
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(output.toByteArray());
    }
}
