package carafe.app;

import java.util.List;
import java.util.function.IntSupplier;

/**
 * One kind of expired data and how to remove it, returning how many rows went. The janitor runs every
 * one on a schedule and {@code carafe sessions purge} on demand, from this one list, so neither forgets
 * a kind the other removes.
 */
record Cleanup(String what, IntSupplier run) {
    static List<Cleanup> of(Services services) {
        return List.of(
                new Cleanup("expired sessions", () -> services.sessions().purgeExpired()),
                new Cleanup("expired one-time links", () -> services.oneTimeTokens().purgeExpired()),
                new Cleanup("API tokens expired for over a month", () -> services.apiTokens().purgeExpired()),
                new Cleanup("expired remembered devices", () -> services.secondFactors().devices().purgeExpired()),
                new Cleanup("expired ceremonies (passkeys, sign-in codes, identity providers)", () -> services.ceremonies().purgeExpired()),
                new Cleanup("expired idempotency keys", () -> services.idempotencyKeys().purgeExpired()),
                new Cleanup("failed mails past their retention", () -> services.failedMails().purgeExpired()));
    }
}
