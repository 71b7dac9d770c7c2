package carafe.passkeys;

import carafe.audit.RequestOrigin;
import carafe.auth.PagePart;
import carafe.auth.Access;
import carafe.auth.AccessControl;
import carafe.auth.Assurance;
import carafe.auth.Authentication;
import carafe.mfa.TwoStepSection;
import carafe.web.Flash;
import carafe.web.Forms;
import carafe.web.PathIds;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/**
 * The passkeys' part of the two-step settings ({@code passkeys/section.jte}): the list, renaming and
 * removing (plain forms), and the "Add a passkey" button that {@code passkeys.js} runs. Signing in with
 * a passkey is on the sign-in pages, through the same script.
 */
public final class PasskeyPages {
    private final Passkeys passkeys;
    private final Authentication authentication;
    private final Flash flash;
    private final Forms forms;

    public PasskeyPages(Passkeys passkeys, Authentication authentication, Flash flash, Forms forms) {
        this.passkeys = passkeys;
        this.authentication = authentication;
        this.flash = flash;
        this.forms = forms;
    }

    /** This package's part of the two-step settings on {@code /account} and {@code /account/two-step}. */
    public PagePart settingsPart() {
        return (templates, page, user) -> templates.passkeysSection(page, passkeys.list(user.id()));
    }

    public void routes(RoutesConfig routes) {
        routes.post("/account/two-step/passkeys/{id}/rename", this::rename, Access.USER);
        routes.post("/account/two-step/passkeys/{id}/delete", this::delete, Access.USER, Assurance.RECENT_SIGN_IN);
    }

    private void rename(Context ctx) {
        var request = new PasskeyName(ctx.formParam("name"));
        var errors = forms.errors(ctx, request, "name");
        if (!errors.isEmpty()) {
            backToSettings(ctx, Flash.Kind.ERROR, "The name " + errors.getFirst().message() + ".");
            return;
        }
        passkeys.rename(authentication.user(ctx).id(), PathIds.of(ctx), request.name());
        backToSettings(ctx, Flash.Kind.SUCCESS, "Passkey renamed.");
    }

    private void delete(Context ctx) {
        passkeys.delete(authentication.user(ctx), PathIds.of(ctx), RequestOrigin.of(ctx));
        backToSettings(ctx, Flash.Kind.SUCCESS, "Passkey removed: it no longer signs you in.");
    }

    private void backToSettings(Context ctx, Flash.Kind kind, String message) {
        flash.set(ctx, kind, message);
        ctx.redirect(AccessControl.SECOND_FACTOR_SETUP, HttpStatus.SEE_OTHER);
    }
}
