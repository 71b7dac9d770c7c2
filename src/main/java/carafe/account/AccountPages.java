package carafe.account;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Assurance;
import carafe.auth.ApiTokens;
import carafe.auth.AuthThrottle;
import carafe.auth.Authentication;
import carafe.auth.Principal;
import carafe.auth.Sessions;
import carafe.web.Flash;
import carafe.web.FormState;
import carafe.web.Forms;
import carafe.web.Pages;
import carafe.web.Conflict;
import carafe.web.TooManyRequests;
import carafe.web.ValidationFailed;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import java.time.Clock;
import java.util.List;
import java.util.Map;

/**
 * The forms of the account page that change the account: profile (name, email), password, a new
 * confirmation link, and signing devices out. Each posts here and comes back to {@code /account}
 * (post/redirect/get) with a flash, or has the page shown again with that form's errors.
 */
public final class AccountPages {
    private final AccountSettings settings;
    private final EmailConfirmations confirmations;
    private final Sessions sessions;
    private final Authentication authentication;
    private final AuthThrottle throttle;
    private final AuditLog audit;
    private final AccountPage page;
    private final Flash flash;
    private final Forms forms;

    public AccountPages(AccountSettings settings, EmailConfirmations confirmations, Sessions sessions,
                        Authentication authentication, AuthThrottle throttle, AuditLog audit, AccountPage page,
                        Flash flash, Forms forms) {
        this.settings = settings;
        this.confirmations = confirmations;
        this.sessions = sessions;
        this.authentication = authentication;
        this.throttle = throttle;
        this.audit = audit;
        this.page = page;
        this.flash = flash;
        this.forms = forms;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/account/profile", this::changeProfile, Access.USER);
        routes.post("/account/password", this::changePassword, Access.USER);
        // A first password is a new way in: it needs a recent sign-in (ASVS 7.5.1).
        routes.post("/account/password/set", this::setFirstPassword, Access.USER, Assurance.RECENT_SIGN_IN);
        routes.post("/account/confirmation", this::resendConfirmation, Access.USER);
        routes.post("/account/sessions/{id}/sign-out", this::endSession, Access.USER);
        routes.post("/account/sessions/sign-out-others", this::endOtherSessions, Access.USER);
    }

    private void changeProfile(Context ctx) {
        var form = Forms.submitted(ctx, "name", "email");
        var change = new ProfileChange(ctx.formParam("name"), ctx.formParam("email"), ctx.formParam("profilePassword"));
        var errors = forms.errors(ctx, change, "name", "email");
        if (!errors.isEmpty()) {
            page.show(ctx.status(422), form.withErrors(errors), FormState.EMPTY);
            return;
        }
        var before = authentication.user(ctx);
        try {
            var changed = settings.change(before, change, RequestOrigin.of(ctx),
                    newEmail -> throttle.confirmResend(ctx, newEmail));
            flash.set(ctx, Flash.Kind.SUCCESS, changed.confirmationSent()
                    ? "We have mailed a confirmation link to your new address. Your email changes once you follow it."
                    : "Profile saved.");
            ctx.redirect("/account", HttpStatus.SEE_OTHER);
        } catch (ValidationFailed invalid) {
            page.show(ctx.status(422), form.withErrors(Forms.renamed(invalid.errors(), "currentPassword", "profilePassword")),
                    FormState.EMPTY);
        } catch (Conflict emailTaken) {
            page.show(ctx.status(409), form.withErrors(List.of(new ValidationFailed.FieldError("email",
                    "is already used by another account"))), FormState.EMPTY);
        } catch (TooManyRequests tooMany) {
            page.show(AuthThrottle.refused(ctx, tooMany), form.withFormError(tooMany.detail()), FormState.EMPTY);
        }
    }

    private void changePassword(Context ctx) {
        var change = new PasswordChange(ctx.formParam("currentPassword"), ctx.formParam("newPassword"));
        var errors = forms.errors(ctx, change, "currentPassword", "newPassword");
        var profile = page.profileAsSaved(ctx);
        if (!errors.isEmpty()) {
            page.show(ctx.status(422), profile, FormState.EMPTY.withErrors(errors));
            return;
        }
        try {
            settings.changePassword(principal(ctx), change, RequestOrigin.of(ctx));
        } catch (ValidationFailed wrongPassword) {
            page.show(ctx.status(422), profile, FormState.EMPTY.withErrors(wrongPassword.errors()));
            return;
        }
        authentication.rotate(ctx);
        flash.set(ctx, Flash.Kind.SUCCESS, "Password changed. Every other device has been signed out.");
        ctx.redirect("/account", HttpStatus.SEE_OTHER);
    }

    private void setFirstPassword(Context ctx) {
        var first = new FirstPassword(ctx.formParam("newPassword"));
        var errors = forms.errors(ctx, first, "newPassword");
        if (!errors.isEmpty()) {
            page.show(ctx.status(422), page.profileAsSaved(ctx), FormState.EMPTY.withErrors(errors));
            return;
        }
        try {
            settings.setFirstPassword(principal(ctx), first, RequestOrigin.of(ctx));
        } catch (Conflict hasOne) {
            flash.set(ctx, Flash.Kind.INFO, hasOne.detail());
            ctx.redirect("/account#password", HttpStatus.SEE_OTHER);
            return;
        }
        authentication.rotate(ctx);
        flash.set(ctx, Flash.Kind.SUCCESS, "Password set: it signs you in too. Every other device has been signed out.");
        ctx.redirect("/account", HttpStatus.SEE_OTHER);
    }

    private void resendConfirmation(Context ctx) {
        try {
            var user = authentication.user(ctx);
            throttle.confirmResend(ctx, user.email());
            confirmations.resend(user);
            flash.set(ctx, Flash.Kind.SUCCESS, EmailConfirmations.RESENT);
        } catch (Conflict | TooManyRequests notSent) {
            // Already confirmed, or asked too often: say so on the account page.
            flash.set(ctx, Flash.Kind.INFO, notSent.detail());
        }
        ctx.redirect("/account", HttpStatus.SEE_OTHER);
    }

    private void endSession(Context ctx) {
        var principal = principal(ctx);
        String id = ctx.pathParam("id");
        boolean current = principal.session().publicId().equals(id);
        if (sessions.endByPublicId(principal.user().id(), id)) {
            audit.record(principal.user().id(), AuditType.SESSION_REVOKED, RequestOrigin.of(ctx));
        }
        if (current) {
            authentication.forget(ctx);
            flash.set(ctx, Flash.Kind.INFO, "You have been signed out.");
            ctx.redirect("/login", HttpStatus.SEE_OTHER);
            return;
        }
        flash.set(ctx, Flash.Kind.SUCCESS, "That device has been signed out.");
        ctx.redirect("/account#sessions", HttpStatus.SEE_OTHER);
    }

    private void endOtherSessions(Context ctx) {
        var principal = principal(ctx);
        int ended = sessions.endAllOthers(principal.session());
        audit.record(principal.user().id(), null, AuditType.SESSION_REVOKED, RequestOrigin.of(ctx),
                "all other sessions (" + ended + ")");
        flash.set(ctx, Flash.Kind.SUCCESS, "Signed out everywhere else.");
        ctx.redirect("/account#sessions", HttpStatus.SEE_OTHER);
    }

    private Principal principal(Context ctx) {
        return authentication.current(ctx).orElseThrow();
    }
}
