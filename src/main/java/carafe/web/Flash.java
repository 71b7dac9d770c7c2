package carafe.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/**
 * One-shot messages across a redirect (post/redirect/get), in a short-lived signed cookie so they work
 * before sign-in and after sign-out too. The next page shows and clears it.
 */
public final class Flash {
    private static final String COOKIE = "carafe_flash";
    private static final String PURPOSE = "flash";
    private static final String SHOWN = "carafe.flashShown";

    public enum Kind { SUCCESS, INFO, ERROR }

    public record Message(Kind kind, String text) {
        public String cssClass() {
            return "flash flash-" + kind.name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    private final Cookies cookies;
    private final SignedValues signer;

    public Flash(Cookies cookies, SignedValues signer) {
        this.cookies = cookies;
        this.signer = signer;
    }

    public void set(Context ctx, Kind kind, String text) {
        String payload = kind.name() + "." + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(text.getBytes(StandardCharsets.UTF_8));
        cookies.write(ctx, COOKIE, payload + "." + signer.sign(PURPOSE, payload), Duration.ofMinutes(1));
    }

    /** The pending message, or null; reading it clears the cookie. */
    public Message take(Context ctx) {
        Message shown = ctx.attribute(SHOWN);
        if (shown != null) return shown;
        String value = cookies.read(ctx, COOKIE);
        if (value == null) return null;
        cookies.clear(ctx, COOKIE);
        int lastDot = value.lastIndexOf('.');
        int firstDot = value.indexOf('.');
        if (firstDot <= 0 || lastDot <= firstDot) return null;
        String payload = value.substring(0, lastDot);
        if (!signer.verify(PURPOSE, payload, value.substring(lastDot + 1))) return null;
        try {
            var message = new Message(Kind.valueOf(value.substring(0, firstDot)), new String(
                    Base64.getUrlDecoder().decode(payload.substring(firstDot + 1)), StandardCharsets.UTF_8));
            ctx.attribute(SHOWN, message);
            return message;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
