package carafe.recoverycodes;

import carafe.audit.RequestOrigin;
import carafe.auth.Access;
import carafe.auth.Assurance;
import carafe.auth.Authentication;
import carafe.auth.SecondFactorGate;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** {@code POST /api/account/recovery-codes}: ten new codes replace all the old ones (needs a recent sign-in). */
public final class RecoveryCodesApi {
    private final RecoveryCodes recoveryCodes;
    private final SecondFactorGate secondFactors;
    private final Authentication authentication;

    public RecoveryCodesApi(RecoveryCodes recoveryCodes, SecondFactorGate secondFactors, Authentication authentication) {
        this.recoveryCodes = recoveryCodes;
        this.secondFactors = secondFactors;
        this.authentication = authentication;
    }

    public void routes(RoutesConfig routes) {
        routes.post("/api/account/recovery-codes", this::renew, Access.SESSION, Assurance.RECENT_SIGN_IN);
    }

    private void renew(Context ctx) {
        var user = authentication.user(ctx);
        ctx.json(new NewRecoveryCodes(recoveryCodes.renew(user, secondFactors.hasSecondFactor(user.id()),
                RequestOrigin.of(ctx))));
    }
}
