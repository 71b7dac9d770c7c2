package carafe.auth;

import carafe.audit.RequestOrigin;
import carafe.web.Conflict;
import carafe.web.Flash;
import carafe.web.Forbidden;
import carafe.web.FormState;
import carafe.web.Forms;
import carafe.web.Pages;
import carafe.web.TooManyRequests;
import carafe.web.ValidationFailed;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The sign-in, sign-up and sign-out pages. They work without JavaScript: forms post, errors re-render
 * the form with the user's input kept, success redirects (post/redirect/get) with a flash message.
 */
public final class AuthPages {
    private final Accounts accounts;
    private final Authentication authentication;
    private final AuthThrottle throttle;
    private final Pages pages;
    private final Flash flash;
    private final SignedOutForms signedOutForms;
    private final Forms forms;
    private final SignInSteps steps;
    private final Supplier<List<WayIn>> otherWaysIn;

    /**
     * Another way in the login page offers: a button per identity provider, "Email me a code instead".
     * {@code postsSignInForm}: the button submits the sign-in form to {@code path} (with next and "Keep me
     * signed in"), else it is a link.
     */
    public record WayIn(String label, String path, boolean postsSignInForm) {
        public WayIn(String label, String path) {
            this(label, path, false);
        }
    }

    /** @param otherWaysIn the login page's other ways in, besides the password and passkeys */
    public AuthPages(Accounts accounts, Authentication authentication, AuthThrottle throttle, Pages pages, Flash flash,
                     SignedOutForms signedOutForms, Forms forms, SignInSteps steps,
                     Supplier<List<WayIn>> otherWaysIn) {
        this.accounts = accounts;
        this.authentication = authentication;
        this.throttle = throttle;
        this.pages = pages;
        this.flash = flash;
        this.signedOutForms = signedOutForms;
        this.forms = forms;
        this.steps = steps;
        this.otherWaysIn = otherWaysIn;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/login", this::loginForm, Access.SIGN_IN);
        routes.post("/login", this::login, Access.SIGN_IN);
        routes.get("/register", this::registerForm, Access.SIGN_IN);
        routes.post("/register", this::register, Access.SIGN_IN);
        routes.post("/logout", this::logout, Access.ANYONE, Assurance.BEFORE_SECOND_FACTOR);
    }

    private void loginForm(Context ctx) {
        if (authentication.current(ctx).isPresent()) {
            ctx.redirect(safeNext(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            return;
        }
        showLogin(ctx, FormState.EMPTY, safeNext(ctx.queryParam("next")));
    }

    private void login(Context ctx) {
        var form = Forms.submitted(ctx, "email", "remember");
        String next = safeNext(ctx.formParam("next"));
        if (!signedOutForms.isGenuine(ctx)) {
            showLogin(ctx.status(403), form.withFormError(SignedOutForms.EXPIRED_FORM), next);
            return;
        }
        var request = new LoginRequest(ctx.formParam("email"), ctx.formParam("password"), form.checked("remember"));
        var errors = forms.errors(ctx, request, "email", "password");
        if (!errors.isEmpty()) {
            showLogin(ctx.status(422), form.withErrors(errors), next);
            return;
        }
        Optional<User> user;
        try {
            user = throttle.login(ctx, request.email(),
                    () -> accounts.authenticate(request.email(), request.password(), RequestOrigin.of(ctx)));
        } catch (TooManyRequests tooMany) {
            showLogin(AuthThrottle.refused(ctx, tooMany), form.withFormError(tooMany.detail()), next);
            return;
        } catch (Forbidden unconfirmed) {
            showLogin(ctx.status(403), form.withFormError(unconfirmed.detail()), next);
            return;
        }
        if (user.isEmpty()) {
            showLogin(ctx.status(401), form.withFormError(Accounts.INVALID_CREDENTIALS), next);
            return;
        }
        steps.continueOnPage(ctx, user.get(), request.rememberMe(), Amr.PASSWORD, next);
    }

    private void registerForm(Context ctx) {
        if (authentication.current(ctx).isPresent()) {
            ctx.redirect("/", HttpStatus.SEE_OTHER);
            return;
        }
        showRegister(ctx, FormState.EMPTY);
    }

    private void register(Context ctx) {
        var form = Forms.submitted(ctx, "email", "name");
        if (!signedOutForms.isGenuine(ctx)) {
            showRegister(ctx.status(403), form.withFormError(SignedOutForms.EXPIRED_FORM));
            return;
        }
        var request = new RegisterRequest(ctx.formParam("email"), ctx.formParam("name"), ctx.formParam("password"));
        var errors = forms.errors(ctx, request, "email", "name", "password");
        if (!errors.isEmpty()) {
            showRegister(ctx.status(422), form.withErrors(errors));
            return;
        }
        try {
            throttle.register(ctx);
        } catch (TooManyRequests tooMany) {
            showRegister(AuthThrottle.refused(ctx, tooMany), form.withFormError(tooMany.detail()));
            return;
        }
        try {
            var user = accounts.register(request, RequestOrigin.of(ctx));
            if (accounts.confirmationRequired()) {
                flash.set(ctx, Flash.Kind.INFO, "Almost there: we have mailed a link to " + user.email()
                        + ". Follow it to confirm your address, then sign in.");
                ctx.redirect("/login", HttpStatus.SEE_OTHER);
                return;
            }
            authentication.signIn(ctx, user, false, List.of(Amr.PASSWORD));
            flash.set(ctx, Flash.Kind.SUCCESS, "Welcome to Carafe, " + user.name() + ".");
            ctx.redirect("/", HttpStatus.SEE_OTHER);
        } catch (Conflict emailTaken) {
            showRegister(ctx.status(409), form.withErrors(List.of(new ValidationFailed.FieldError("email",
                    "is already registered; sign in instead"))));
        }
    }

    private void logout(Context ctx) {
        boolean wasSignedIn = authentication.current(ctx).isPresent();
        authentication.signOut(ctx);
        if (wasSignedIn) flash.set(ctx, Flash.Kind.INFO, "You have been signed out.");
        ctx.redirect("/", HttpStatus.SEE_OTHER);
    }

    private void showLogin(Context ctx, FormState form, String next) {
        String formToken = signedOutForms.token(ctx);
        var waysIn = otherWaysIn.get();
        pages.render(ctx, "Sign in", (templates, page) -> templates.authLogin(page, form, formToken, next, waysIn));
    }

    private void showRegister(Context ctx, FormState form) {
        String formToken = signedOutForms.token(ctx);
        pages.render(ctx, "Create an account", (templates, page) -> templates.authRegister(page, form, formToken));
    }

    /** Only a local path: an open redirect to another site would help phishing. */
    public static String safeNext(String next) {
        if (next == null || !next.startsWith("/") || next.startsWith("//") || next.contains("\\")
                || next.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            return "/";
        }
        return asciiOnly(next);
    }

    /** Jetty writes Location in ISO-8859-1, so "é" would reach the browser as %E9: send UTF-8 escapes. */
    private static String asciiOnly(String path) {
        var out = new StringBuilder(path.length());
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            if (b >= 0) out.append((char) b);
            else out.append('%').append(String.format("%02X", b & 0xff));
        }
        return out.toString();
    }
}
