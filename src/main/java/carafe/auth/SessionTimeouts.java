package carafe.auth;

import java.time.Duration;

/**
 * How long a session lives: idle (since last use) and absolute (since sign-in), with longer values
 * for "remember me". Defaults and reasons: docs/decisions/0003-session-timeouts.md.
 */
public record SessionTimeouts(Duration idle, Duration absolute, Duration rememberIdle, Duration rememberAbsolute) {
    Duration idle(boolean remember) {
        return remember ? rememberIdle : idle;
    }

    Duration absolute(boolean remember) {
        return remember ? rememberAbsolute : absolute;
    }
}
