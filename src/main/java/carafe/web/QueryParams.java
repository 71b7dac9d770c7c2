package carafe.web;

import io.javalin.http.Context;

/** Query parameters every listing reads the same way. */
public final class QueryParams {
    private QueryParams() {}

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
