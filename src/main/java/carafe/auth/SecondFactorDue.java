package carafe.auth;

import java.util.List;

/**
 * The answer to a right password when a second factor is due: no user yet, and the methods the second
 * step accepts (SPEC §9). The cookie set with it is a pending sign-in that opens nothing.
 */
public record SecondFactorDue(boolean mfaRequired, List<String> methods) {
    public SecondFactorDue(List<String> methods) {
        this(true, List.copyOf(methods));
    }
}
