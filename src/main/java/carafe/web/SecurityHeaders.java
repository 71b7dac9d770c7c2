package carafe.web;

import io.javalin.http.Context;
import java.net.URI;
import java.util.Collection;
import java.util.stream.Collectors;

/**
 * Headers every response carries (SPEC §5). Cache-Control starts as no-store; a handler that serves
 * cacheable data (a note with an ETag, a fingerprinted asset) replaces it.
 */
public final class SecurityHeaders {
    // No 'unsafe-inline' anywhere: templates cannot carry inline scripts or handlers (JTE's
    // PreventInlineEventHandlers policy fails the build), and styles come from the stylesheet.
    private static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "font-src 'self'; connect-src 'self'; form-action 'self'%s; frame-ancestors 'none'; base-uri 'none'; "
            + "object-src 'none'";

    private final boolean https;
    private final String csp;

    /**
     * @param https whether the public address is https, which turns on HSTS
     * @param formTargets addresses whose origins a form may lead to besides this site: the identity
     *     providers' issuers. Browsers hold a form's redirects to form-action too, and "Link" on the account
     *     page and "Confirm with" on /reauthenticate are forms answered with a redirect to the provider's
     *     authorization endpoint. That endpoint is on the issuer's origin at the usual providers; one that
     *     is elsewhere would still be refused.
     */
    public SecurityHeaders(boolean https, Collection<URI> formTargets) {
        this.https = https;
        this.csp = CSP.formatted(formTargets.stream().map(SecurityHeaders::origin).distinct()
                .map(origin -> " " + origin).collect(Collectors.joining()));
    }

    /** scheme://host[:port], as a CSP host source; nothing of the path, which CSP would match on its own. */
    private static String origin(URI address) {
        return address.getScheme() + "://" + address.getHost() + (address.getPort() < 0 ? "" : ":" + address.getPort());
    }

    public void apply(Context ctx) {
        var res = ctx.res();
        res.setHeader("Content-Security-Policy", csp);
        res.setHeader("X-Content-Type-Options", "nosniff");
        res.setHeader("X-Frame-Options", "DENY");
        res.setHeader("Referrer-Policy", "same-origin");
        res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
        res.setHeader("Cache-Control", "no-store");
        if (https) res.setHeader("Strict-Transport-Security", "max-age=31536000; includeSubDomains");
    }
}
