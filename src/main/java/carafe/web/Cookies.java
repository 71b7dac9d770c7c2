package carafe.web;

import io.javalin.http.Context;
import java.time.Duration;

/**
 * Writes Carafe's cookies, all with the same attributes: Path=/, HttpOnly, SameSite=Lax, and Secure
 * plus the {@code __Host-} name prefix when cookies are Secure (the prefix makes browsers refuse the
 * cookie from a subdomain or over plain http).
 */
public final class Cookies {
    private final boolean secure;

    public Cookies(boolean secure) {
        this.secure = secure;
    }

    public String name(String base) {
        return secure ? "__Host-" + base : base;
    }

    public String read(Context ctx, String base) {
        return ctx.cookie(name(base));
    }

    /** A cookie that ends with the browser session when {@code maxAge} is null. */
    public void write(Context ctx, String base, String value, Duration maxAge) {
        String age = maxAge == null ? "" : "; Max-Age=" + Math.max(0, maxAge.toSeconds());
        ctx.res().addHeader("Set-Cookie", name(base) + "=" + value + "; Path=/" + age + attributes());
    }

    public void clear(Context ctx, String base) {
        ctx.res().addHeader("Set-Cookie", name(base) + "=; Path=/; Max-Age=0" + attributes());
    }

    private String attributes() {
        return "; HttpOnly; SameSite=Lax" + (secure ? "; Secure" : "");
    }
}
