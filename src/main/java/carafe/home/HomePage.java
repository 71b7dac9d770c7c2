package carafe.home;

import carafe.auth.Access;
import carafe.auth.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import java.util.Map;

/** {@code /}: a landing page for visitors, the user's own start page once signed in. */
public final class HomePage {
    private final Pages pages;

    public HomePage(Pages pages) {
        this.pages = pages;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/", this::show, Access.ANYONE);
    }

    private void show(Context ctx) {
        pages.render(ctx, "home.jte", "Home", Map.of());
    }
}
