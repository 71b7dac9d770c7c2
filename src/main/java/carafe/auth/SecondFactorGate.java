package carafe.auth;

import io.javalin.http.Context;
import java.util.List;

/**
 * What signing in needs to know of second factors, which live in their own packages ({@code
 * carafe.mfa} gathers them): whether a password sign-in goes on to a second step, and whether a user
 * has a factor at all. {@code App} wires {@code carafe.mfa}'s implementation, so this package depends
 * on nothing above it.
 */
public interface SecondFactorGate {
    /**
     * The methods ("totp", "recovery", "passkey") of which the user must give one after their password,
     * in that order; empty when no second step is due (no factor, or a remembered device).
     */
    List<String> dueAfterPassword(Context ctx, User user);

    /** Whether the user has a second factor turned on. */
    boolean hasSecondFactor(long userId);

    /** Whether one of the user's roles requires a second factor (CARAFE_MFA_REQUIRED_ROLES), had or not. */
    boolean requiredFor(User user);

    /** The user's password changed (or was reset): browsers remembered under the old one must pass the second step again. */
    void passwordChanged(long userId);

    /** No second factors at all: what the sign-in does when none is built in. */
    SecondFactorGate NONE = new SecondFactorGate() {
        @Override
        public List<String> dueAfterPassword(Context ctx, User user) {
            return List.of();
        }

        @Override
        public boolean hasSecondFactor(long userId) {
            return false;
        }

        @Override
        public boolean requiredFor(User user) {
            return false;
        }

        @Override
        public void passwordChanged(long userId) {}
    };
}
