package carafe.web;

/**
 * What the layout of every page needs: the title, who is signed in (null when nobody), the CSRF token
 * for its forms, a pending flash message and the stylesheet's fingerprinted address.
 */
public record Page(String title, Viewer viewer, String csrfToken, Flash.Message flash, String stylesheet) {
    /** The signed-in user as the layout shows them. */
    /** Who is signed in; {@code admin} shows the link to the admin pages (the routes check the role themselves). */
    public record Viewer(String name, String email, boolean admin) {}
}
