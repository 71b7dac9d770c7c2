package carafe.account;

import java.util.Locale;

/** What a one-time link is for; stored by its lower-case name. */
public enum TokenPurpose {
    CONFIRM_EMAIL,
    CHANGE_EMAIL,
    RESET_PASSWORD;

    String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    static TokenPurpose of(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
