package carafe.mfa;

import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * The settings of second factors and recent authentication (SPEC §9; README's configuration table).
 *
 * @param reauthWindow how recent a sign-in the sensitive operations need (CARAFE_REAUTH_WINDOW)
 * @param requiredRoles roles whose users must set up a second factor (CARAFE_MFA_REQUIRED_ROLES)
 * @param rememberDevice how long "remember this device" skips the second factor; zero turns the
 *     checkbox off (CARAFE_MFA_REMEMBER_DAYS)
 * @param previousSecretKeys earlier values of CARAFE_SECRET_KEY, to open authenticator secrets sealed
 *     under them after a rotation (CARAFE_PREVIOUS_SECRET_KEYS)
 */
public record MfaSettings(Duration reauthWindow, Set<String> requiredRoles, Duration rememberDevice,
                          List<String> previousSecretKeys) {
    public static final MfaSettings DEFAULTS =
            new MfaSettings(Duration.ofMinutes(15), Set.of(), Duration.ofDays(30), List.of());

    public MfaSettings {
        requiredRoles = Set.copyOf(requiredRoles);
        previousSecretKeys = List.copyOf(previousSecretKeys);
    }

    public boolean remembersDevices() {
        return !rememberDevice.isZero();
    }
}
