package carafe.web;

import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * An id of the browser itself, for binding a ceremony one request begins and another finishes (a
 * passkey challenge; a code or a sign-in at an identity provider) to the browser that began it: a
 * random 256-bit value in its own HttpOnly cookie, which ends with the browser session. It proves
 * nothing about who is signed in; stores keep only its SHA-256.
 */
public final class BrowserIds {
    private static final String COOKIE = "carafe_browser";
    private static final int BYTES = 32;

    private final Cookies cookies;
    private final SecureRandom random = new SecureRandom();

    public BrowserIds(Cookies cookies) {
        this.cookies = cookies;
    }

    /** This browser's id (its hash), given to it now if it has none. */
    public String of(Context ctx) {
        return existing(ctx).orElseGet(() -> {
            byte[] value = new byte[BYTES];
            random.nextBytes(value);
            String cookie = Base64.getUrlEncoder().withoutPadding().encodeToString(value);
            cookies.write(ctx, COOKIE, cookie, null);
            return hash(cookie);
        });
    }

    /** This browser's id (its hash) if it has one: a request that finishes a ceremony must bring it. */
    public Optional<String> existing(Context ctx) {
        String cookie = cookies.read(ctx, COOKIE);
        if (cookie == null || cookie.isEmpty() || cookie.length() > 100) return Optional.empty();
        return Optional.of(hash(cookie));
    }

    private static String hash(String value) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
