package carafe.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Ceremonies that span two requests of one browser (a passkey challenge handed out, then its signed
 * answer, an email code and how often it was tried, a sign-in at an identity provider): begun with a state, finished once, by the
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

    /**
     * Puts back the state of a ceremony {@link #finish} took that goes on (an email code with tries left),
     * until its own expiry, unless this browser has begun another of that kind meanwhile: a new code
     * asked for while a wrong one was being checked stays the browser's code.
     */
    public void restore(String browser, String kind, String state, Instant expiresAt) {
        Instant now = clock.instant();
        if (expiresAt.isAfter(now)) store.putIfAbsent(browser, kind, state, now, expiresAt);
    }

    public int purgeExpired() {
        return store.deleteExpired(clock.instant());
    }
}
