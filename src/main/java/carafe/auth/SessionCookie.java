package carafe.auth;

import carafe.web.Cookies;
import io.javalin.http.Context;
import java.time.Duration;

/** The session cookie (named {@code carafe_session}, or {@code __Host-carafe_session} when Secure). */
public final class SessionCookie {
    private static final String NAME = "carafe_session";
    private final Cookies cookies;

    public SessionCookie(Cookies cookies) {
        this.cookies = cookies;
    }

    public String read(Context ctx) {
        return cookies.read(ctx, NAME);
    }

    /**
     * Without "remember me" the cookie has no Max-Age and ends with the browser; with it, it lasts as
     * long as the session can.
     */
    public void write(Context ctx, String value, boolean remember, Duration lifetime) {
        cookies.write(ctx, NAME, value, remember ? lifetime : null);
    }

    public void clear(Context ctx) {
        cookies.clear(ctx, NAME);
    }
}
