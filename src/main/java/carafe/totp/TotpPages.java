package carafe.totp;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.AccessControl;
import carafe.auth.Assurance;
import carafe.auth.Authentication;
import carafe.web.Conflict;
import carafe.web.Flash;
import carafe.web.FormState;
import carafe.web.Pages;
import carafe.web.ValidationFailed;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * Setting up an authenticator app from the account's two-step page: the enrolment page (QR code as
 * inline SVG, the secret as text), its confirmation with a first code, which answers with the recovery
 * codes (shown on that answer only, never through a redirect), and turning the app off.
 */
public final class TotpPages {
    private final Totp totp;
    private final Authentication authentication;
    private final Pages pages;
    private final Flash flash;

    public TotpPages(Totp totp, Authentication authentication, Pages pages, Flash flash) {
        this.totp = totp;
        this.authentication = authentication;
        this.pages = pages;
        this.flash = flash;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/account/two-step/totp", this::start, Access.USER, Assurance.RECENT_SIGN_IN,
                Assurance.BEFORE_SECOND_FACTOR);
        // The enrolment page is the answer to a POST, so its address is the form's: when confirming needs
        // a new sign-in, /reauthenticate comes back here with a GET, which shows the same secret again.
        routes.get("/account/two-step/totp", this::showWaiting, Access.USER, Assurance.RECENT_SIGN_IN,
                Assurance.BEFORE_SECOND_FACTOR);
        routes.get("/account/two-step/totp/confirm", ctx -> ctx.redirect("/account/two-step/totp", HttpStatus.SEE_OTHER),
                Access.USER, Assurance.BEFORE_SECOND_FACTOR);
        routes.post("/account/two-step/totp/confirm", this::confirm, Access.USER, Assurance.RECENT_SIGN_IN,
                Assurance.BEFORE_SECOND_FACTOR);
        routes.post("/account/two-step/totp/disable", this::turnOff, Access.USER, Assurance.RECENT_SIGN_IN);
    }

    private void start(Context ctx) {
        try {
            showEnrolment(ctx, totp.start(authentication.user(ctx)), FormState.EMPTY);
        } catch (Conflict alreadyOn) {
            backToSettings(ctx, Flash.Kind.INFO, alreadyOn.detail());
        }
    }

    private void showWaiting(Context ctx) {
        var waiting = totp.waiting(authentication.user(ctx));
        if (waiting.isEmpty()) {
            ctx.redirect(AccessControl.SECOND_FACTOR_SETUP, HttpStatus.SEE_OTHER);
            return;
        }
        showEnrolment(ctx, waiting.get(), FormState.EMPTY);
    }

    private void confirm(Context ctx) {
        var user = authentication.user(ctx);
        try {
            var codes = totp.confirm(user, ctx.formParam("code"), RequestOrigin.of(ctx));
            pages.render(ctx, "Your recovery codes", (templates, page) -> templates.recoverycodesCodes(page, codes, true));
        } catch (ValidationFailed wrongCode) {
            var waiting = totp.waiting(user);
            if (waiting.isEmpty()) {
                backToSettings(ctx, Flash.Kind.ERROR, "Setting up the app took too long; please start again.");
                return;
            }
            showEnrolment(ctx.status(422), waiting.get(), FormState.EMPTY.withErrors(wrongCode.errors()));
        } catch (Conflict notWaiting) {
            backToSettings(ctx, Flash.Kind.ERROR, notWaiting.detail());
        }
    }

    private void turnOff(Context ctx) {
        try {
            totp.turnOff(authentication.user(ctx), RequestOrigin.of(ctx));
            backToSettings(ctx, Flash.Kind.SUCCESS, "Two-step sign-in is off.");
        } catch (Conflict notOn) {
            backToSettings(ctx, Flash.Kind.INFO, notOn.detail());
        }
    }

    private void showEnrolment(Context ctx, Totp.Enrolment enrolment, FormState form) {
        pages.render(ctx, "Set up your authenticator app", (templates, page) -> templates.totpEnrol(page, enrolment, form));
    }

    private void backToSettings(Context ctx, Flash.Kind kind, String message) {
        flash.set(ctx, kind, message);
        ctx.redirect(AccessControl.SECOND_FACTOR_SETUP, HttpStatus.SEE_OTHER);
    }
}
