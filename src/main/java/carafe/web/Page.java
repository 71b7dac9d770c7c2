package carafe.web;

/**
 * What the layout of every page needs: the title, who is signed in (null when nobody), a pending flash
 * message, and the fingerprinted addresses of the static files it links.
 */
public record Page(String title, Viewer viewer, Flash.Message flash, Assets assets) {
    /**
     * Who is signed in, with their session's CSRF token for the page's forms; {@code admin} shows the
     * link to the admin pages (the routes check the role themselves).
     */
    public record Viewer(String name, String email, boolean admin, String csrfToken) {}

    /** The CSRF token the page's forms carry; null when nobody is signed in. */
    public String csrfToken() {
        return viewer == null ? null : viewer.csrfToken();
    }

    public String stylesheet() {
        return assets.path("app.css");
    }

    /** The script that runs passkey ceremonies (the only script of the pages; CSP allows 'self' only). */
    public String passkeysScript() {
        return assets.path("passkeys.js");
    }
}
