package carafe.web;

import io.javalin.http.Context;

/**
 * Headers every response carries (SPEC §5). Cache-Control starts as no-store; a handler that serves
 * cacheable data (a note with an ETag, a fingerprinted asset) replaces it.
 */
public final class SecurityHeaders {
    // No 'unsafe-inline' anywhere: templates cannot carry inline scripts or handlers (JTE's
    // PreventInlineEventHandlers policy fails the build), and styles come from the stylesheet.
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; "
            + "object-src 'none'";

    private final boolean https;

    /** @param https whether the public address is https, which turns on HSTS */
    public SecurityHeaders(boolean https) {
        this.https = https;
    }

    public void apply(Context ctx) {
        var res = ctx.res();
        res.setHeader("Content-Security-Policy", CSP);
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("X-Frame-Options", "DENY");
        res.setHeader("Referrer-Policy", "same-origin");
        res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        res.setHeader("Cache-Control", "no-store");
        if (https) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
}
