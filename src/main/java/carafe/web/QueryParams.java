package carafe.web;

import io.javalin.http.Context;

/** Query parameters every listing reads the same way. */
public final class QueryParams {
    private QueryParams() {}

    /**
     * {@code ?q=} of a page's search box, stripped: "" when absent or not well-formed text (a lone
     * surrogate from an edited address), which every listing takes as "no search".
     */
    public static String search(Context ctx) {
        String q = ctx.queryParam("q");
        return q == null || !Text.isWellFormed(q) ? "" : q.strip();
    }

    /**
     * {@code ?limit=}: absent or empty is {@code whenAbsent}; text that is not a whole number becomes 0,
     * a page size every listing refuses, so the feature's own check answers 422 with its message.
     */
    public static int limit(Context ctx, int whenAbsent) {
        String text = ctx.queryParam("limit");
        if (text == null || text.isEmpty()) return whenAbsent;
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
