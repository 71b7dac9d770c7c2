package carafe.home;

import carafe.auth.Access;
import carafe.auth.Authentication;
import carafe.notes.Notes;
import carafe.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.List;

/** {@code /}: a landing page for visitors; once signed in, the user's most recent notes. */
public final class HomePage {
    private static final int RECENT_NOTES = 20;

    private final Pages pages;
    private final Authentication authentication;
    private final Notes notes;

    public HomePage(Pages pages, Authentication authentication, Notes notes) {
        this.pages = pages;
        this.authentication = authentication;
        this.notes = notes;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/", this::show, Access.ANYONE);
    }

    private void show(Context ctx) {
        var recent = authentication.current(ctx)
                .map(principal -> notes.recent(principal.user().id(), RECENT_NOTES))
                .orElse(List.of());
        pages.render(ctx, "Home", (templates, page) -> templates.home(page, recent));
    }
}
