package carafe.mfa;

import carafe.audit.RequestOrigin;
import carafe.auth.User;

/**
 * One kind of second factor (an authenticator app, recovery codes, passkeys), as the sign-in's second
 * step and the account see it. Each lives in its own package and plugs into {@link SecondFactors}
 * through this: verify this proof for this user, and what it adds to the session's amr.
 */
public interface SecondFactor {
    /** How clients name it in the second step's {@code methods}: "totp", "recovery", "passkey". */
    String method();

    /** The request field that carries its proof: "code", "recoveryCode", "credential". */
    String field();

    /** What a sign-in with it adds to the session's amr (RFC 8176): "otp", "rc", "hwk". */
    String amr();

    /**
     * Whether the user has turned it on as a second factor, which makes a password alone not enough.
     * Recovery codes never do: they only stand in for a factor that is on.
     */
    boolean isOnFor(long userId);

    /** Whether the second step may offer it to this user now (on, or recovery codes left). */
    default boolean isUsableBy(long userId) {
        return countFor(userId) > 0;
    }

    /** How many the user has: 1 or 0 authenticator apps, passkeys, unused recovery codes. */
    int countFor(long userId);

    /**
     * Checks a proof and uses it up (a code works once); false for a wrong, used or malformed proof.
     * Constant-time where it compares secrets; never throws for bad input.
     */
    boolean verify(User user, String proof, Attempt attempt);

    /**
     * Where a proof comes from: the request's origin (for the audit trail) and the browser (its
     * {@code carafe_browser} id, when it has one), to which a passkey's challenge was bound.
     */
    record Attempt(RequestOrigin origin, String browser) {}

    /** Removes it from the user entirely (lost factors). */
    void removeAllFor(long userId);
}
