package carafe.auth;

import carafe.web.Cookies;
import carafe.web.SignedValues;
import io.javalin.http.Context;

/**
 * Login-CSRF protection for the sign-in and sign-up forms, which are used before there is a session:
 * a random cookie plus a form field holding its signature (OWASP's signed double-submit cookie).
 * Another site can make a browser post the form, but cannot read the cookie to forge the field.
 */
public final class PreSessionTokens {
    private static final String COOKIE = "carafe_presession";
    private static final String PURPOSE = "pre-session";

    private final Cookies cookies;
    private final SignedValues signer;

    public PreSessionTokens(Cookies cookies, SignedValues signer) {
        this.cookies = cookies;
        this.signer = signer;
    }

    /** The token to put in the form, setting the cookie it belongs to when the browser has none. */
    public String issue(Context ctx) {
        String value = cookies.read(ctx, COOKIE);
        if (value == null || value.length() != 43) {
            value = SecretTokens.newToken();
            cookies.write(ctx, COOKIE, value, null);
        }
        return signer.sign(PURPOSE, value);
    }

    public boolean isValid(Context ctx, String formToken) {
        return signer.verify(PURPOSE, cookies.read(ctx, COOKIE), formToken);
    }
}
