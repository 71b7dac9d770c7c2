package carafe.account;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.AuthThrottle;
import carafe.auth.SignedOutForms;
import carafe.web.Flash;
import carafe.web.FormState;
import carafe.web.Forms;
import carafe.web.Pages;
import carafe.web.BadRequest;
import carafe.web.Conflict;
import carafe.web.TooManyRequests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * The pages behind the links in mails: {@code /forgot} (ask for a reset link), {@code /reset/{token}}
 * (choose a new password) and {@code /confirm/{token}} (prove an address). They work signed out.
 */
public final class RecoveryPages {
    private final EmailConfirmations confirmations;
    private final PasswordResets resets;
    private final AuthThrottle throttle;
    private final Pages pages;
    private final Flash flash;
    private final SignedOutForms signedOutForms;
    private final Forms forms;

    public RecoveryPages(EmailConfirmations confirmations, PasswordResets resets, AuthThrottle throttle, Pages pages,
                         Flash flash, SignedOutForms signedOutForms, Forms forms) {
        this.confirmations = confirmations;
        this.resets = resets;
        this.throttle = throttle;
        this.pages = pages;
        this.flash = flash;
        this.signedOutForms = signedOutForms;
        this.forms = forms;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/forgot", this::forgotForm, Access.SIGN_IN);
        routes.post("/forgot", this::forgot, Access.SIGN_IN);
        routes.get("/reset/{token}", this::resetForm, Access.SIGN_IN);
        routes.post("/reset/{token}", this::reset, Access.SIGN_IN);
        routes.get("/confirm/{token}", this::confirm, Access.SIGN_IN);
    }

    private void forgotForm(Context ctx) {
        showForgot(ctx, FormState.EMPTY, false);
    }

    private void forgot(Context ctx) {
        var form = Forms.submitted(ctx, "email");
        if (!signedOutForms.isGenuine(ctx)) {
            showForgot(ctx.status(403), form.withFormError(SignedOutForms.EXPIRED_FORM), false);
            return;
        }
        var request = new ForgotRequest(ctx.formParam("email"));
        var errors = forms.errors(ctx, request, "email");
        if (!errors.isEmpty()) {
            showForgot(ctx.status(422), form.withErrors(errors), false);
            return;
        }
        try {
            throttle.forgotPassword(ctx, request.email());
        } catch (TooManyRequests tooMany) {
            showForgot(AuthThrottle.refused(ctx, tooMany), form.withFormError(tooMany.detail()), false);
            return;
        }
        resets.request(request.email(), RequestOrigin.of(ctx));
        showForgot(ctx.status(202), form, true);
    }

    private void resetForm(Context ctx) {
        String token = ctx.pathParam("token");
        showReset(ctx.status(resets.isLive(token) ? 200 : 400), FormState.EMPTY, token);
    }

    private void reset(Context ctx) {
        String token = ctx.pathParam("token");
        if (!signedOutForms.isGenuine(ctx)) {
            showReset(ctx.status(403), FormState.EMPTY.withFormError(SignedOutForms.EXPIRED_FORM), token);
            return;
        }
        var request = new ResetRequest(token, ctx.formParam("password"));
        var errors = forms.errors(ctx, request, "password");
        if (!errors.isEmpty()) {
            showReset(ctx.status(422), FormState.EMPTY.withErrors(errors), token);
            return;
        }
        try {
            throttle.resetPassword(ctx);
            resets.reset(token, request.password(), RequestOrigin.of(ctx));
        } catch (TooManyRequests tooMany) {
            showReset(AuthThrottle.refused(ctx, tooMany), FormState.EMPTY.withFormError(tooMany.detail()), token);
            return;
        } catch (BadRequest usedOrExpired) {
            showReset(ctx.status(400), FormState.EMPTY, token);
            return;
        }
        flash.set(ctx, Flash.Kind.SUCCESS, "Your password has been changed. Sign in with your new password.");
        ctx.redirect("/login", HttpStatus.SEE_OTHER);
    }

    /**
     * Following the link is the confirmation: the mail reached the address, which is all it proves, so
     * a mail scanner that opens it does no harm.
     */
    private void confirm(Context ctx) {
        try {
            var outcome = confirmations.confirm(ctx.pathParam("token"), RequestOrigin.of(ctx));
            String message = outcome == EmailConfirmations.Outcome.EMAIL_CHANGED
                    ? "Your email address has been changed." : "Your email address is confirmed. Thank you.";
            showConfirmed(ctx, "Email confirmed", message, true);
        } catch (BadRequest | Conflict notValid) {
            showConfirmed(ctx.status(notValid.status()), "Link not valid", notValid.detail(), false);
        }
    }

    private void showForgot(Context ctx, FormState form, boolean sent) {
        String formToken = signedOutForms.token(ctx);
        pages.render(ctx, "Forgot password", (templates, page) -> templates.authForgot(page, form, formToken, sent));
    }

    private void showReset(Context ctx, FormState form, String token) {
        String formToken = signedOutForms.token(ctx);
        boolean live = resets.isLive(token);
        pages.render(ctx, "Choose a new password",
                (templates, page) -> templates.authReset(page, form, formToken, token, live));
    }

    private void showConfirmed(Context ctx, String title, String message, boolean ok) {
        pages.render(ctx, title, (templates, page) -> templates.authConfirmed(page, message, ok));
    }
}
