package carafe.throttle;

/**
 * Hears of every request a {@link RateLimit} refuses, by the limit's name: {@code carafe.metrics.Metrics}
 * counts them, so an operator sees which limit is being hit (an attack on sign-in, a flood of reset
 * mails, a limit set too low for a shared office address).
 */
@FunctionalInterface
public interface Refusals {
    /** Counts nothing, for a limit nobody watches. */
    Refusals NONE = limit -> () -> {};

    /**
     * What to run at each refusal of the limit named {@code limit}; asked once, when the limit is made,
     * so the counting costs nothing but the call.
     */
    Runnable counterFor(String limit);
}
