package carafe.auth;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Authentication method references (RFC 8176): how a session's user proved who they are. Stored with
 * the session and shown by {@code GET /api/auth/session} (SPEC §9, "Session assurance").
 */
public final class Amr {
    /** A password. */
    public static final String PASSWORD = "pwd";
    /** A one-time code from an authenticator app (TOTP). */
    public static final String ONE_TIME_CODE = "otp";
    /** A recovery code. */
    public static final String RECOVERY_CODE = "rc";
    /** A passkey: a hardware-secured key (RFC 8176 "hwk"). */
    public static final String PASSKEY = "hwk";
    /** A code sent by email. */
    public static final String EMAIL = "email";
    /** An OpenID Connect identity provider. */
    public static final String IDENTITY_PROVIDER = "oidc";

    private Amr() {}

    /** The methods of {@code amr} and then {@code added}, each once, in the order first used. */
    public static List<String> with(List<String> amr, String added) {
        var all = new ArrayList<>(amr);
        if (!all.contains(added)) all.add(added);
        return List.copyOf(all);
    }

    /** As stored: comma-separated. */
    public static String format(List<String> amr) {
        return String.join(",", amr);
    }

    public static List<String> parse(String stored) {
        if (stored == null || stored.isBlank()) return List.of();
        return Arrays.stream(stored.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }
}
