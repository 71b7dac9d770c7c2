package carafe.mfa;

import carafe.audit.AuditType;
import carafe.audit.RequestOrigin;
import carafe.auth.SecondFactorGate;
import carafe.auth.Sessions;
import carafe.auth.User;
import carafe.auth.UserRepository;
import carafe.web.NotFound;
import io.javalin.http.Context;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The second factors a user may have, gathered: what the sign-in asks for after a password, what the
 * account shows, and the reset for a lost phone. Each factor lives in its own package and registers
 * here as a {@link SecondFactor}; this class knows none of them by name.
 */
public final class SecondFactors implements SecondFactorGate {
    private final List<SecondFactor> factors;
    private final RememberedDevices devices;
    private final FactorEvents events;
    private final Sessions sessions;
    private final UserRepository users;
    private final Set<String> requiredRoles;

    /**
     * @param factors in the order the second step offers them, e.g. the app, then recovery codes
     * @param requiredRoles roles whose users must have a second factor (CARAFE_MFA_REQUIRED_ROLES)
     */
    public SecondFactors(List<SecondFactor> factors, RememberedDevices devices, FactorEvents events, Sessions sessions,
                         UserRepository users, Set<String> requiredRoles) {
        this.factors = List.copyOf(factors);
        this.devices = devices;
        this.events = events;
        this.sessions = sessions;
        this.users = users;
        this.requiredRoles = Set.copyOf(requiredRoles);
    }

    /**
     * After a right password: the methods of the second step, or none when the user has no factor on or
     * signs in from a browser they asked us to remember (ASVS 6.3.3; SPEC §9).
     */
    @Override
    public List<String> dueAfterPassword(Context ctx, User user) {
        if (!hasSecondFactor(user.id()) || devices.recognises(ctx, user.id())) return List.of();
        return methodsFor(user.id());
    }

    /** The methods the second step may offer this user now, in order. */
    public List<String> methodsFor(long userId) {
        return factors.stream().filter(f -> f.isUsableBy(userId)).map(SecondFactor::method).toList();
    }

    @Override
    public boolean hasSecondFactor(long userId) {
        return factors.stream().anyMatch(f -> f.isOnFor(userId));
    }

    @Override
    public boolean requiredFor(User user) {
        return user.roles().stream().anyMatch(requiredRoles::contains);
    }

    /** A new password forgets every remembered device (SPEC §9): the old password's trust goes with it. */
    @Override
    public void passwordChanged(long userId) {
        devices.forgetAll(userId);
    }

    /** The factor whose proof a request carries in {@code field} ("code", "recoveryCode", ...), if any. */
    public Optional<SecondFactor> byField(String field) {
        return factors.stream().filter(f -> f.field().equals(field)).findFirst();
    }

    /** The request fields that carry proofs, in the order the factors were given. */
    public List<String> fields() {
        return factors.stream().map(SecondFactor::field).toList();
    }

    /** How many of the factor named {@code method} the user has; 0 when no such factor is built in. */
    public int count(long userId, String method) {
        return factors.stream().filter(f -> f.method().equals(method)).mapToInt(f -> f.countFor(userId)).sum();
    }

    public RememberedDevices devices() {
        return devices;
    }

    /** Forgets one of the user's remembered browsers; 404 when they have no such one. */
    public void forgetDevice(long userId, long deviceId, RequestOrigin origin) {
        if (!devices.forget(userId, deviceId)) throw new NotFound("No such remembered device.");
        events.recorded(userId, AuditType.DEVICE_FORGOTTEN, origin);
    }

    /**
     * Lost factors (SPEC §9): removes every second factor and recovery code and every remembered device,
     * ends the user's sessions, audits it with the actor (an admin, or null for the operator) and mails
     * the user.
     */
    public void resetAll(long userId, Long actorId, RequestOrigin origin) {
        User user = users.findById(userId).orElseThrow(() -> new NotFound("No such user."));
        factors.forEach(factor -> factor.removeAllFor(userId));
        sessions.endAllFor(userId);
        events.factorChanged(user, AuditType.SECOND_FACTORS_RESET, origin, actorId, "Two-step sign-in was reset",
                "An administrator removed every second factor of your account (authenticator app, passkeys and "
                        + "recovery codes) and signed you out everywhere. You can sign in with your password and set "
                        + "up two-step sign-in again.");
    }
}
