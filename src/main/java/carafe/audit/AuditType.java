package carafe.audit;

/** What happened. Stored by its lower-case name, so renaming a constant needs a migration. */
public enum AuditType {
    LOGIN,
    LOGIN_FAILED,
    LOGOUT,
    REGISTERED,
    EMAIL_CONFIRMED,
    PASSWORD_CHANGED,
    RESET_REQUESTED,
    PASSWORD_RESET,
    EMAIL_CHANGE_REQUESTED,
    EMAIL_CHANGED,
    PROFILE_CHANGED,
    SESSION_REVOKED,
    TOKEN_CREATED,
    TOKEN_REVOKED,
    ROLE_CHANGED,
    DEACTIVATED,
    ACTIVATED,
    USER_DELETED,
    PASSWORD_SET_BY_OPERATOR,
    // Second factors (SPEC §9 "Notifications and audit").
    SECOND_FACTOR_PASSED,
    SECOND_FACTOR_FAILED,
    REAUTHENTICATED,
    REAUTHENTICATION_FAILED,
    TOTP_ENABLED,
    TOTP_DISABLED,
    RECOVERY_CODES_RENEWED,
    RECOVERY_CODE_USED,
    DEVICE_REMEMBERED,
    DEVICE_FORGOTTEN,
    SECOND_FACTORS_RESET,
    PASSKEY_ADDED,
    PASSKEY_REMOVED,
    PASSKEY_REFUSED,
    IDENTITY_LINKED,
    IDENTITY_UNLINKED,
    IDENTITY_REFUSED;

    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    /** Words for the account page, e.g. "password changed". */
    public String label() {
        return code().replace('_', ' ');
    }
}
