package carafe.mfa;

import carafe.audit.AuditLog;
import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.Amr;
import carafe.auth.AuthThrottle;
import carafe.auth.Authentication;
import carafe.auth.Principal;
import carafe.auth.User;
import carafe.web.BrowserIds;
import carafe.web.Unauthorized;
import carafe.web.ValidationFailed;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * Checks a second factor for the API and the pages alike: completes a pending sign-in with it (SPEC §9
 * "Sign-in with a second factor"), or renews a signed-in session's recent authentication. Every
 * failure is counted against the account's limit and audited; every refusal says the same thing.
 */
public final class SecondStep {
    static final String WRONG = "That code is not right, or it has been used already.";
    static final String NOTHING_PENDING =
            "No sign-in is waiting for a second factor here (it lasts five minutes): sign in with your password first.";

    private final SecondFactors factors;
    private final Authentication authentication;
    private final AuthThrottle throttle;
    private final AuditLog audit;
    private final FactorEvents events;
    private final BrowserIds browsers;

    public SecondStep(SecondFactors factors, Authentication authentication, AuthThrottle throttle, AuditLog audit,
                      FactorEvents events, BrowserIds browsers) {
        this.factors = factors;
        this.authentication = authentication;
        this.throttle = throttle;
        this.audit = audit;
        this.events = events;
        this.browsers = browsers;
    }

    /** One proof, named by the request field that carried it ("code", "recoveryCode", ...). */
    public record Proof(String field, String value) {}

    /**
     * The one proof among {@code given} (field → value; blank values are absent), or 422 naming the fields
     * when there is none or more than one.
     */
    public Proof proofOf(Map<String, String> given) {
        var present = factors.fields().stream()
                .filter(field -> given.get(field) != null && !given.get(field).isBlank())
                .toList();
        if (present.size() != 1) {
            throw new ValidationFailed(factors.fields().getFirst(), "send exactly one of " + String.join(", ", factors.fields()));
        }
        return new Proof(present.getFirst(), given.get(present.getFirst()).strip());
    }

    /**
     * Completes this browser's pending sign-in with a second factor: a new session id (ASVS 7.2.4) whose
     * amr names the first factor (the password, ...) and this one. 401 without a pending sign-in or with a wrong proof; 429
     * past the account's limit. With {@code rememberDevice}, later password sign-ins from this browser
     * skip the second step.
     */
    public Principal completeSignIn(Context ctx, Proof proof, boolean rememberDevice) {
        Principal pending = authentication.pendingSignIn(ctx).orElseThrow(() -> new Unauthorized(NOTHING_PENDING));
        User user = pending.user();
        SecondFactor factor = check(ctx, user, proof, AuditType.SECOND_FACTOR_FAILED);
        var signedIn = authentication.signIn(ctx, user, pending.session().remember(),
                Amr.with(pending.session().amr(), factor.amr()));
        audit.record(user.id(), null, AuditType.SECOND_FACTOR_PASSED, RequestOrigin.of(ctx), factor.method());
        if (rememberDevice && factors.devices().enabled()) {
            factors.devices().remember(ctx, user.id());
            events.happened(user, AuditType.DEVICE_REMEMBERED, RequestOrigin.of(ctx), null, "A browser was remembered",
                    "A browser was remembered for two-step sign-in on your account: signing in there asks for your "
                            + "password only. You can forget it on your account page.");
        }
        return signedIn;
    }

    /** Renews the signed-in session's recent authentication with a second factor (ASVS 7.5.1). */
    public Principal reauthenticate(Context ctx, User user, Proof proof) {
        SecondFactor factor = check(ctx, user, proof, AuditType.REAUTHENTICATION_FAILED);
        audit.record(user.id(), null, AuditType.REAUTHENTICATED, RequestOrigin.of(ctx), factor.method());
        return authentication.reauthenticate(ctx, factor.amr());
    }

    private SecondFactor check(Context ctx, User user, Proof proof, AuditType failure) {
        SecondFactor factor = factors.byField(proof.field())
                .filter(f -> f.isUsableBy(user.id()))
                .orElseThrow(() -> new ValidationFailed(proof.field(), "cannot be used: this account has none set up, or none left"));
        if (!throttle.secondFactor(user.id(), () -> factor.verify(user, proof.value(), attempt(ctx)))) {
            audit.record(user.id(), null, failure, RequestOrigin.of(ctx), factor.method());
            throw new Unauthorized(WRONG);
        }
        return factor;
    }

    private SecondFactor.Attempt attempt(Context ctx) {
        return new SecondFactor.Attempt(RequestOrigin.of(ctx), browsers.existing(ctx).orElse(null));
    }
}
