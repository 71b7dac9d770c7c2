package carafe.web;

/**
 * What the layout of every page needs: the title, who is signed in (null when nobody), the CSRF token
 * for its forms, a pending flash message and the stylesheet's fingerprinted address.
 */
public record Page(String title, Viewer viewer, String csrfToken, Flash.Message flash, String stylesheet) {
    /** The signed-in user as the layout shows them. */
    public record Viewer(String name, String email) {}
}
