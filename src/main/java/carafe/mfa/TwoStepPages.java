package carafe.mfa;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.AccessControl;
import carafe.auth.Assurance;
import carafe.auth.AuthPages;
import carafe.auth.AuthThrottle;
import carafe.auth.Authentication;
import carafe.auth.SignedOutForms;
import carafe.auth.User;
import carafe.web.Flash;
import carafe.web.FormState;
import carafe.web.Forms;
import carafe.web.Pages;
import carafe.web.PathIds;
import carafe.web.TooManyRequests;
import carafe.web.Unauthorized;
import carafe.web.ValidationFailed;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.util.List;
import java.util.function.Function;

/**
 * The pages of two-step sign-in: the second step of signing in ({@code /login/two-step}), confirming it
 * is you before a sensitive change ({@code /reauthenticate}), and the account's two-step settings
 * ({@code /account/two-step}) with its remembered browsers. Plain forms; errors show the form again.
 */
public final class TwoStepPages {
    private final SecondFactors factors;
    private final SecondStep secondStep;
    private final Reauthentication reauthentication;
    private final Authentication authentication;
    private final Pages pages;
    private final Flash flash;
    private final SignedOutForms signedOutForms;
    private final TwoStepSections sections;
    private final Function<User, List<AuthPages.WayIn>> otherWaysToConfirm;

    /**
     * @param otherWaysToConfirm the buttons other ways in add to /reauthenticate for a user (a linked identity
     *                           provider's), each a form posted with {@code next}
     */
    public TwoStepPages(SecondFactors factors, SecondStep secondStep, Reauthentication reauthentication,
                        Authentication authentication, Pages pages, Flash flash,
                        SignedOutForms signedOutForms, TwoStepSections sections,
                        Function<User, List<AuthPages.WayIn>> otherWaysToConfirm) {
        this.factors = factors;
        this.secondStep = secondStep;
        this.reauthentication = reauthentication;
        this.authentication = authentication;
        this.pages = pages;
        this.flash = flash;
        this.signedOutForms = signedOutForms;
        this.sections = sections;
        this.otherWaysToConfirm = otherWaysToConfirm;
    }

    public void routes(RoutesConfig routes) {
        routes.get("/login/two-step", this::secondStepForm, Access.SIGN_IN);
        routes.post("/login/two-step", this::completeSignIn, Access.SIGN_IN);
        routes.get(AccessControl.REAUTHENTICATE, this::reauthenticateForm, Access.USER, Assurance.BEFORE_SECOND_FACTOR);
        routes.post(AccessControl.REAUTHENTICATE, this::reauthenticate, Access.USER, Assurance.BEFORE_SECOND_FACTOR);
        routes.get(AccessControl.SECOND_FACTOR_SETUP, this::settings, Access.USER, Assurance.BEFORE_SECOND_FACTOR);
        routes.post("/account/two-step/devices/{id}/forget", this::forgetDevice, Access.USER);
    }

    private void secondStepForm(Context ctx) {
        if (authentication.current(ctx).isPresent()) {
            // Already through (the Back button after signing in): on to the page, as /login does.
            ctx.redirect(AuthPages.safeNext(ctx.queryParam("next")), HttpStatus.SEE_OTHER);
            return;
        }
        if (authentication.pendingSignIn(ctx).isEmpty()) {
            flash.set(ctx, Flash.Kind.INFO, "Sign in with your password first.");
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        showSecondStep(ctx, FormState.EMPTY, "recovery".equals(ctx.queryParam("with")),
                AuthPages.safeNext(ctx.queryParam("next")));
    }

    private void completeSignIn(Context ctx) {
        var form = Forms.submitted(ctx, "rememberDevice");
        boolean recovery = ctx.formParam("recoveryCode") != null;
        String next = AuthPages.safeNext(ctx.formParam("next"));
        if (!signedOutForms.isGenuine(ctx)) {
            showSecondStep(ctx.status(403), form.withFormError(SignedOutForms.EXPIRED_FORM), recovery, next);
            return;
        }
        try {
            var proof = secondStep.proofOf(Forms.submitted(ctx, "code", "recoveryCode").values());
            var signedIn = secondStep.completeSignIn(ctx, proof, form.checked("rememberDevice"));
            flash.set(ctx, Flash.Kind.SUCCESS, "Welcome back, " + signedIn.user().name() + ".");
            ctx.redirect(next, HttpStatus.SEE_OTHER);
        } catch (ValidationFailed invalid) {
            // A code was typed but its factor cannot be used (every recovery code used up): say that, not "required".
            var errors = isBlank(ctx.formParam(recovery ? "recoveryCode" : "code")) ? missingProof(recovery) : invalid.errors();
            showSecondStep(ctx.status(422), form.withErrors(errors), recovery, next);
        } catch (TooManyRequests tooMany) {
            showSecondStep(AuthThrottle.refused(ctx, tooMany), form.withFormError(tooMany.detail()), recovery, next);
        } catch (Unauthorized wrongOrExpired) {
            if (authentication.pendingSignIn(ctx).isEmpty()) {
                flash.set(ctx, Flash.Kind.ERROR, wrongOrExpired.detail());
                ctx.redirect("/login", HttpStatus.SEE_OTHER);
                return;
            }
            showSecondStep(ctx.status(401), form.withFormError(wrongOrExpired.detail()), recovery, next);
        }
    }

    private void reauthenticateForm(Context ctx) {
        showReauthenticate(ctx, FormState.EMPTY, AuthPages.safeNext(ctx.queryParam("next")));
    }

    private void reauthenticate(Context ctx) {
        String next = AuthPages.safeNext(ctx.formParam("next"));
        try {
            reauthentication.renew(ctx, authentication.current(ctx).orElseThrow(), ctx.formParam("password"),
                    Forms.submitted(ctx, "code").values());
            flash.set(ctx, Flash.Kind.SUCCESS, "Thank you. You can go on.");
            ctx.redirect(next, HttpStatus.SEE_OTHER);
        } catch (ValidationFailed missing) {
            showReauthenticate(ctx.status(422), FormState.EMPTY.withFormError(
                    "Enter your password, or a code from your authenticator app."), next);
        } catch (TooManyRequests tooMany) {
            showReauthenticate(AuthThrottle.refused(ctx, tooMany), FormState.EMPTY.withFormError(tooMany.detail()), next);
        } catch (Unauthorized wrong) {
            showReauthenticate(ctx.status(401), FormState.EMPTY.withFormError(wrong.detail()), next);
        }
    }

    private void settings(Context ctx) {
        var user = authentication.user(ctx);
        pages.render(ctx, "Two-step sign-in", (templates, page) -> templates.mfaSettings(page,
                sections.of(templates, page, user)));
    }

    private void forgetDevice(Context ctx) {
        factors.forgetDevice(authentication.user(ctx).id(), PathIds.of(ctx), RequestOrigin.of(ctx));
        flash.set(ctx, Flash.Kind.SUCCESS, "That browser will ask for the second step again.");
        ctx.redirect(AccessControl.SECOND_FACTOR_SETUP, HttpStatus.SEE_OTHER);
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }

    private static List<ValidationFailed.FieldError> missingProof(boolean recovery) {
        return List.of(recovery
                ? new ValidationFailed.FieldError("recoveryCode", "is required")
                : new ValidationFailed.FieldError("code", "is required"));
    }

    private void showSecondStep(Context ctx, FormState form, boolean recovery, String next) {
        String formToken = signedOutForms.token(ctx);
        boolean remember = factors.devices().enabled();
        var methods = authentication.pendingSignIn(ctx)
                .map(pending -> factors.methodsFor(pending.user().id())).orElse(List.of());
        pages.render(ctx, "Two-step sign-in", (templates, page) -> templates.mfaSecondStep(page, form, formToken, next,
                recovery, methods, remember));
    }

    private void showReauthenticate(Context ctx, FormState form, String next) {
        var user = authentication.user(ctx);
        var ways = new ReauthenticationWays(reauthentication.withPassword(user.id()), factors.count(user.id(), "totp") > 0,
                factors.count(user.id(), "passkey") > 0, otherWaysToConfirm.apply(user));
        pages.render(ctx, "Confirm it is you", (templates, page) -> templates.mfaReauthenticate(page, form, next, ways));
    }
}
