package carafe.support;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

/** Waits for what a background thread does (the mail worker), polling instead of sleeping a fixed time. */
public final class Eventually {
    private static final Duration WAIT = Duration.ofSeconds(20);

    private Eventually() {}

    /** Returns once {@code condition} holds; fails, naming {@code what}, if it does not within 20 s. */
    public static void until(String what, BooleanSupplier condition) {
        Instant deadline = Instant.now().plus(WAIT);
        while (!condition.getAsBoolean()) {
            if (Instant.now().isAfter(deadline)) throw new AssertionError("Timed out after " + WAIT + " waiting until " + what);
            MailServer.pause(Duration.ofMillis(50));
        }
    }

    /** Lets a background thread run for a while, to check that something does not happen. */
    public static void idle(Duration duration) {
        MailServer.pause(duration);
    }
}
