package carafe.emailcode;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Amr;
import carafe.auth.AuthPages;
import carafe.auth.AuthThrottle;
import carafe.auth.Authentication;
import carafe.auth.SignInSteps;
import carafe.auth.SignedOutForms;
import carafe.auth.User;
import carafe.web.BrowserIds;
import carafe.web.FormState;
import carafe.web.Forms;
import carafe.web.Pages;
import carafe.web.TooManyRequests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.Map;
import java.util.Optional;

/**
 * The pages of email code sign-in, without JavaScript: the address form ({@code /login/email-code}),
 * then, as its answer, the code form, which signs in and goes on to {@code next}, or to the second step
 * when the account has a second factor, as the password form does. Both are signed-out forms (a
 * pre-session token against login CSRF); errors show the form again with the message.
 */
public final class EmailCodePages {
    /** The sign-in page's link here, while email codes are on. */
    public static final AuthPages.WayIn WAY_IN = new AuthPages.WayIn("Email me a code instead", "/login/email-code");

    private final EmailCodes codes;
    private final Authentication authentication;
    private final SignInSteps steps;
    private final AuthThrottle throttle;
    private final BrowserIds browsers;
    private final Pages pages;
    private final SignedOutForms signedOutForms;
    private final Forms forms;

    public EmailCodePages(EmailCodes codes, Authentication authentication, SignInSteps steps,
                          AuthThrottle throttle, BrowserIds browsers, Pages pages,
                          SignedOutForms signedOutForms, Forms forms) {
        this.codes = codes;
        this.authentication = authentication;
        this.steps = steps;
        this.throttle = throttle;
        this.browsers = browsers;
        this.pages = pages;
        this.signedOutForms = signedOutForms;
        this.forms = forms;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/login/email-code", this::addressForm, Access.SIGN_IN);
        routes.post("/login/email-code", this::send, Access.SIGN_IN);
        routes.post("/login/email-code/verify", this::verify, Access.SIGN_IN);
    }

    private void addressForm(Context ctx) {
        EmailCodeApi.requireEnabled(ctx, codes);
        String next = AuthPages.safeNext(ctx.queryParam("next"));
        if (authentication.current(ctx).isPresent()) {
            ctx.redirect(next, HttpStatus.SEE_OTHER);
            return;
        }
        showAddressForm(ctx, FormState.EMPTY, next);
    }

    /** Mails the code and answers with the code form; the same page whether or not an account has the address. */
    private void send(Context ctx) {
        EmailCodeApi.requireEnabled(ctx, codes);
        var form = Forms.submitted(ctx, "email");
        String next = AuthPages.safeNext(ctx.formParam("next"));
        if (!signedOutForms.isGenuine(ctx)) {
            showAddressForm(ctx.status(403), form.withFormError(SignedOutForms.EXPIRED_FORM), next);
            return;
        }
        var request = new EmailCodeRequest(ctx.formParam("email"));
        var errors = forms.errors(ctx, request, "email");
        if (!errors.isEmpty()) {
            showAddressForm(ctx.status(422), form.withErrors(errors), next);
            return;
        }
        try {
            throttle.emailCode(ctx, request.email());
        } catch (TooManyRequests tooMany) {
            showAddressForm(AuthThrottle.refused(ctx, tooMany), form.withFormError(tooMany.detail()), next);
            return;
        }
        codes.send(request.email(), browsers.of(ctx), RequestOrigin.of(ctx));
        showCodeForm(ctx, FormState.of(Map.of("email", request.email().strip())), next);
    }

    private void verify(Context ctx) {
        EmailCodeApi.requireEnabled(ctx, codes);
        var form = Forms.submitted(ctx, "email", "remember");
        String next = AuthPages.safeNext(ctx.formParam("next"));
        if (!signedOutForms.isGenuine(ctx)) {
            showCodeForm(ctx.status(403), form.withFormError(SignedOutForms.EXPIRED_FORM), next);
            return;
        }
        var request = new EmailCodeVerification(ctx.formParam("email"), ctx.formParam("code"), form.checked("remember"));
        var errors = forms.errors(ctx, request, "email", "code");
        if (!errors.isEmpty()) {
            showCodeForm(ctx.status(422), form.withErrors(errors), next);
            return;
        }
        Optional<User> user = codes.verify(request.email(), request.code(), browsers.existing(ctx).orElse(null),
                RequestOrigin.of(ctx));
        if (user.isEmpty()) {
            showCodeForm(ctx.status(401), form.withFormError(EmailCodes.REFUSED), next);
            return;
        }
        // ASVS 6.4.3: the code is the first factor only; a second factor due still completes the sign-in.
        steps.continueOnPage(ctx, user.get(), request.rememberMe(), Amr.EMAIL, next);
    }

    private void showAddressForm(Context ctx, FormState form, String next) {
        String formToken = signedOutForms.token(ctx);
        pages.render(ctx, "Sign in with a code", (templates, page) -> templates.emailcodeRequest(page, form, formToken, next));
    }

    private void showCodeForm(Context ctx, FormState form, String next) {
        String formToken = signedOutForms.token(ctx);
        pages.render(ctx, "Enter your code", (templates, page) -> templates.emailcodeVerify(page, form, formToken, next));
    }
}
