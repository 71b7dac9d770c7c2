package carafe.recoverycodes;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.AccessControl;
import carafe.auth.Assurance;
import carafe.auth.Authentication;
import carafe.auth.SecondFactorGate;
import carafe.web.Conflict;
import carafe.web.Flash;
import carafe.web.Pages;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;

/** "New recovery codes" on the two-step page: the new codes are on the answer to the form, once. */
public final class RecoveryCodesPages {
    private final RecoveryCodes recoveryCodes;
    private final SecondFactorGate secondFactors;
    private final Authentication authentication;
    private final Pages pages;
    private final Flash flash;

    public RecoveryCodesPages(RecoveryCodes recoveryCodes, SecondFactorGate secondFactors, Authentication authentication,
                              Pages pages, Flash flash) {
        this.recoveryCodes = recoveryCodes;
        this.secondFactors = secondFactors;
        this.authentication = authentication;
        this.pages = pages;
        this.flash = flash;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/account/two-step/recovery-codes", this::renew, Access.USER, Assurance.RECENT_SIGN_IN);
    }

    private void renew(Context ctx) {
        var user = authentication.user(ctx);
        try {
            var codes = recoveryCodes.renew(user, secondFactors.hasSecondFactor(user.id()), RequestOrigin.of(ctx));
            pages.render(ctx, "Your recovery codes", (templates, page) -> templates.recoverycodesCodes(page, codes, false));
        } catch (Conflict noFactor) {
            flash.set(ctx, Flash.Kind.INFO, noFactor.detail());
            ctx.redirect(AccessControl.SECOND_FACTOR_SETUP, HttpStatus.SEE_OTHER);
        }
    }
}
