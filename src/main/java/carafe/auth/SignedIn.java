package carafe.auth;

/** The answer to register, login and session: who you are and the token your unsafe requests must carry. */
public record SignedIn(UserView user, String csrfToken) {
    static SignedIn of(Principal principal) {
        return new SignedIn(UserView.of(principal.user()), principal.csrfToken());
    }
}
