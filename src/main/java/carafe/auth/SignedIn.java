package carafe.auth;

import java.time.Instant;
import java.util.List;

/**
 * The answer to register, login and session: who you are, the token your unsafe requests must carry,
 * and how and when this session was authenticated (SPEC §9 "Session assurance").
 */
public record SignedIn(UserView user, String csrfToken, List<String> amr, Instant authAt) {
    public static SignedIn of(Principal principal) {
        var session = principal.session();
        return new SignedIn(UserView.of(principal.user()), principal.csrfToken(), session.amr(), session.authAt());
    }

    /** An account made but not signed in (its address must be confirmed first). */
    static SignedIn notYet(User user) {
        return new SignedIn(UserView.of(user), null, null, null);
    }
}
