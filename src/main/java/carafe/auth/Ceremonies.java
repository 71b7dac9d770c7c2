package carafe.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * Ceremonies that span two requests of one browser (a passkey challenge handed out, then its signed
 * answer; later, codes and sign-ins at identity providers): begun with a state, finished once, by the
 * same browser, within their lifetime, on any instance.
 */
public final class Ceremonies {
    private final CeremonyStore store;
    private final Clock clock;

    public Ceremonies(CeremonyStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    /** Begins a ceremony of {@code kind} for this browser, replacing one of that kind it had begun. */
    public void begin(String browser, String kind, String state, Duration lifetime) {
        store.put(browser, kind, state, clock.instant(), lifetime);
    }

    /** The state of this browser's ceremony of {@code kind}, ended by this call; empty when none is live. */
    public Optional<String> finish(String browser, String kind) {
        return store.take(browser, kind, clock.instant());
    }

    public int purgeExpired() {
        return store.deleteExpired(clock.instant());
    }
}
