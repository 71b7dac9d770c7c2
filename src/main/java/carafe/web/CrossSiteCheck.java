package carafe.web;

import io.javalin.http.Context;
import java.net.URI;
import java.util.Locale;

/**
 * Refuses requests a browser marks as coming from another site (Sec-Fetch-Site, Origin). It guards
 * the token-less sign-in and sign-up endpoints against login CSRF; clients that send neither header
 * (curl, scripts) are not browsers and pass.
 */
public final class CrossSiteCheck {
    private final String publicOrigin;

    public CrossSiteCheck(URI baseUrl) {
        this.publicOrigin = origin(baseUrl.getScheme(), baseUrl.getHost(), baseUrl.getPort());
    }

    public void require(Context ctx) {
        String site = ctx.header("Sec-Fetch-Site");
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            throw new Forbidden("Cross-site sign-in refused.");
        }
        String origin = ctx.header("Origin");
        if (origin != null && !origin.equalsIgnoreCase(publicOrigin) && !isSameHost(origin, ctx.header("Host"))) {
            throw new Forbidden("Cross-site sign-in refused.");
        }
    }

    /** Behind a proxy the public origin is the base URL; run directly, it is whatever Host the client used. */
    private static boolean isSameHost(String origin, String host) {
        if (host == null) return false;
        try {
            URI uri = URI.create(origin);
            String authority = uri.getRawAuthority();
            return authority != null && authority.toLowerCase(Locale.ROOT).equals(host.toLowerCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static String origin(String scheme, String host, int port) {
        boolean defaultPort = port == -1 || ("http".equals(scheme) && port == 80) || ("https".equals(scheme) && port == 443);
        return scheme + "://" + host + (defaultPort ? "" : ":" + port);
    }
}
