package carafe.auth;

import carafe.web.Assets;
import carafe.web.Flash;
import carafe.web.Page;
import carafe.web.Views;
import io.javalin.http.Context;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Renders a page inside the layout: adds the {@link Page} model (who is signed in, their CSRF token,
 * the flash message, the stylesheet) to the template's own parameters. Every feature's pages use it.
 */
public final class Pages {
    private final Authentication authentication;
    private final Flash flash;
    private final Assets assets;
    private final Views views;

    public Pages(Authentication authentication, Flash flash, Assets assets, Views views) {
        this.authentication = authentication;
        this.flash = flash;
        this.assets = assets;
        this.views = views;
    }

    public void render(Context ctx, String template, String title, Map<String, Object> params) {
        var all = new HashMap<String, Object>(params);
        all.put("page", page(ctx, title));
        views.render(ctx, template, all);
    }

    public Page page(Context ctx, String title) {
        return page(authentication.current(ctx), title, flash.take(ctx));
    }

    /** For error pages: if finding the signed-in user fails too (database down), shows the page signed out. */
    public Page errorPage(Context ctx, String title) {
        Optional<Principal> principal;
        try {
            principal = authentication.current(ctx);
        } catch (RuntimeException e) {
            principal = Optional.empty();
        }
        return page(principal, title, null);
    }

    private Page page(Optional<Principal> principal, String title, Flash.Message message) {
        var viewer = principal.map(p -> new Page.Viewer(p.user().name(), p.user().email(),
                p.user().roles().contains(User.ADMIN))).orElse(null);
        String csrf = principal.map(Principal::csrfToken).orElse(null);
        return new Page(title, viewer, csrf, message, assets.path("app.css"));
    }
}
