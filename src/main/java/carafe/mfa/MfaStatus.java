package carafe.mfa;

/**
 * {@code GET /api/account/mfa}: the user's second factors at a glance (SPEC §9), and whether their role
 * requires one (CARAFE_MFA_REQUIRED_ROLES).
 */
public record MfaStatus(boolean totp, int passkeys, int recoveryCodesLeft, boolean required) {
    static MfaStatus of(SecondFactors factors, long userId, boolean required) {
        return new MfaStatus(factors.count(userId, "totp") > 0, factors.count(userId, "passkey"),
                factors.count(userId, "recovery"), required);
    }

    /** Whether any factor is on (recovery codes alone are not one). */
    public boolean on() {
        return totp || passkeys > 0;
    }
}
