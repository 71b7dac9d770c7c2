package carafe.support;

import com.eatthepath.otp.TimeBasedOneTimePasswordGenerator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.util.encoders.Base32;

/**
 * A test's authenticator app: computes the RFC 6238 codes of a secret the server handed out, at the
 * server's (test) clock, as a phone would. {@link #setUpFor} turns two-step sign-in on for an account
 * over the API, the way a user does.
 */
public final class AuthenticatorApp {
    private static final Duration STEP = Duration.ofSeconds(30);
    private final byte[] secret;
    private final Clock clock;
    private final List<String> recoveryCodes;

    public AuthenticatorApp(String base32Secret, Clock clock, List<String> recoveryCodes) {
        this.secret = Base32.decode(base32Secret.replace(" ", ""));
        this.clock = clock;
        this.recoveryCodes = List.copyOf(recoveryCodes);
    }

    /**
     * Starts enrolment, confirms it with the app's current code, and moves the clock to the next step, so
     * the confirming code's step is behind and {@link #code()} gives one that has not been used.
     */
    public static AuthenticatorApp setUpFor(Member member, MutableClock clock) {
        var started = member.client().postJson("/api/account/totp", "{}");
        if (started.status() != 200) throw new AssertionError("TOTP start answered " + started.status() + ": " + started.body());
        var app = new AuthenticatorApp(started.json().path("secret").asText(), clock, List.of());
        var confirmed = member.client().postJson("/api/account/totp/confirm", Json.object("code", app.code()));
        if (confirmed.status() != 200) throw new AssertionError("TOTP confirm answered " + confirmed.status() + ": " + confirmed.body());
        var codes = new ArrayList<String>();
        confirmed.json().path("recoveryCodes").forEach(code -> codes.add(code.asText()));
        clock.advance(STEP);
        return new AuthenticatorApp(started.json().path("secret").asText(), clock, codes);
    }

    /** The code the app shows now. */
    public String code() {
        return codeAt(clock.instant());
    }

    /** The code of the step {@code steps} away from now (negative: earlier). */
    public String code(int steps) {
        return codeAt(clock.instant().plus(STEP.multipliedBy(steps)));
    }

    /** The recovery codes shown when it was set up (empty when made with the constructor alone). */
    public List<String> recoveryCodes() {
        return recoveryCodes;
    }

    private String codeAt(Instant at) {
        try {
            var generator = new TimeBasedOneTimePasswordGenerator(STEP, 6);
            return String.format("%06d", generator.generateOneTimePassword(new SecretKeySpec(secret, "HmacSHA1"), at));
        } catch (java.security.InvalidKeyException e) {
            throw new IllegalStateException(e);
        }
    }
}
