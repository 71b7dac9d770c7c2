package carafe.auth;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Where ceremonies wait between the request that begins them and the one that finishes them: the
 * database ({@code ceremonies}) or Redis, as sessions are, so any instance can finish what another
 * began. One per browser and kind; a new one replaces it; each is taken once.
 */
public interface CeremonyStore {
    /** Keeps {@code state} for this browser and kind for {@code lifetime} from {@code now}, replacing what was there. */
    void put(String browser, String kind, String state, Instant now, Duration lifetime);

    /** The state kept for this browser and kind, removed as it is read, so only one request gets it. */
    Optional<String> take(String browser, String kind, Instant now);

    /** Removes ceremonies past their expiry; returns how many (Redis expires its own: 0). */
    int deleteExpired(Instant now);
}
