package carafe.web;

/**
 * What the layout of every page needs: the title, who is signed in (null when nobody), a pending flash
 * message and the stylesheet's fingerprinted address.
 */
public record Page(String title, Viewer viewer, Flash.Message flash, String stylesheet) {
    /**
     * Who is signed in, with their session's CSRF token for the page's forms; {@code admin} shows the
     * link to the admin pages (the routes check the role themselves).
     */
    public record Viewer(String name, String email, boolean admin, String csrfToken) {}

    /** The CSRF token the page's forms carry; null when nobody is signed in. */
    public String csrfToken() {
        return viewer == null ? null : viewer.csrfToken();
    }
}
