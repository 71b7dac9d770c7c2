package carafe.auth;

import carafe.web.Flash;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * What follows a right first factor, the same for every way in (a password, an email code, an identity
 * provider): a pending sign-in when a second factor is due, as the first factor alone opens nothing (ASVS
 * 6.3.3, 6.4.3), else a session under a new id. The pending sign-in records the first factor, and the
 * second step adds its own to the session's amr.
 */
public final class SignInSteps {
    private final Authentication authentication;
    private final SecondFactorGate secondFactors;
    private final Flash flash;

    public SignInSteps(Authentication authentication, SecondFactorGate secondFactors, Flash flash) {
        this.authentication = authentication;
        this.secondFactors = secondFactors;
        this.flash = flash;
    }

    /** For the API: the session ({@link SignedIn}), or {@link SecondFactorDue} with the methods the second step takes. */
    public SignInAnswer answer(Context ctx, User user, boolean remember, String firstFactor) {
        var due = secondFactors.dueAfterPassword(ctx, user);
        if (!due.isEmpty()) {
            authentication.startPendingSignIn(ctx, user, remember, List.of(firstFactor));
            return new SecondFactorDue(due);
        }
        return SignedIn.of(authentication.signIn(ctx, user, remember, List.of(firstFactor)));
    }

    /** For pages: on to the second step (keeping {@code next}), or signed in and on to {@code next} with a welcome. */
    public void continueOnPage(Context ctx, User user, boolean remember, String firstFactor, String next) {
        if (!secondFactors.dueAfterPassword(ctx, user).isEmpty()) {
            authentication.startPendingSignIn(ctx, user, remember, List.of(firstFactor));
            ctx.redirect("/login/two-step?next=" + URLEncoder.encode(next, StandardCharsets.UTF_8), HttpStatus.SEE_OTHER);
            return;
        }
        signedInOnPage(ctx, user, remember, List.of(firstFactor), next, "Welcome back, " + user.name() + ".");
    }

    /** Signed in with every factor needed: a new session, the welcome, and on to {@code next}. */
    public void signedInOnPage(Context ctx, User user, boolean remember, List<String> amr, String next, String welcome) {
        authentication.signIn(ctx, user, remember, amr);
        flash.set(ctx, Flash.Kind.SUCCESS, welcome);
        ctx.redirect(next, HttpStatus.SEE_OTHER);
    }
}
