package carafe.web;

import io.javalin.http.Context;

/**
 * Row ids in paths ({@code /api/notes/{id}}). Every feature reads them here, so a path that names no
 * row is treated one way everywhere: text that is not a positive whole number becomes {@link #NO_ROW},
 * an id no row has, and the feature's own lookup answers with its "not found" (404, never 500).
 */
public final class PathIds {
    /** Identity columns start at 1 on both databases, so no row has this id. */
    public static final long NO_ROW = 0;

    private PathIds() {}

    /** The {@code {id}} path parameter. */
    public static long of(Context ctx) {
        return of(ctx, "id");
    }

    /** A named path parameter, e.g. {@code {noteId}}. */
    public static long of(Context ctx, String name) {
        String text = ctx.pathParam(name);
        // Digits only: Long.parseLong would also take "+7" and "-7", other spellings of ids we hand out.
        if (text.isEmpty() || text.length() > 18 || !text.chars().allMatch(c -> c >= '0' && c <= '9')) return NO_ROW;
        return Long.parseLong(text);
    }
}
