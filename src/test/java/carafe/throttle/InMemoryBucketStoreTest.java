package carafe.throttle;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.MutableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The in-memory store stays bounded however many subjects appear, and forgets refilled buckets. */
class InMemoryBucketStoreTest {
    private final MutableClock clock = new MutableClock();

    @Test
    void a_spray_of_made_up_subjects_never_holds_more_than_the_bound() {
        var store = new InMemoryBucketStore(clock, 1_000);
        var limit = new RateLimit("login_account", Limit.of(5, Duration.ofMinutes(15)), store, Refusals.NONE);

        for (int i = 0; i < 20_000; i++) limit.tryTake("sprayed-" + i + "@example.com");

        assertThat(store.size()).isLessThanOrEqualTo(1_000);
    }

    @Test
    void buckets_are_dropped_once_they_have_refilled() {
        var store = new InMemoryBucketStore(clock, 1_000);
        var limit = new RateLimit("forgot_ip", Limit.of(5, Duration.ofHours(1)), store, Refusals.NONE);
        for (int i = 0; i < 100; i++) limit.tryTake("192.0.2." + i);
        assertThat(store.size()).isEqualTo(100);

        clock.advance(Duration.ofMinutes(11)); // one token back: 12 minutes per token
        assertThat(store.size()).isEqualTo(100);
        clock.advance(Duration.ofMinutes(2));

        assertThat(store.size()).isZero();
    }

    @Test
    void the_wait_follows_the_clock_and_a_returned_token_can_be_used_again() {
        var store = new InMemoryBucketStore(clock, 10);
        var limit = new RateLimit("register_ip", Limit.of(2, Duration.ofHours(1)), store, Refusals.NONE);
        assertThat(limit.tryTake("a")).isEmpty();
        assertThat(limit.tryTake("a")).isEmpty();

        assertThat(limit.tryTake("a")).hasValue(Duration.ofMinutes(30));
        clock.advance(Duration.ofMinutes(10));
        assertThat(limit.tryTake("a")).hasValue(Duration.ofMinutes(20));
        assertThat(limit.tryTake("b")).isEmpty();

        limit.giveBack("a");
        assertThat(limit.tryTake("a")).isEmpty();
        limit.reset("a");
        assertThat(limit.tryTake("a")).isEmpty();
        assertThat(limit.tryTake("a")).isEmpty();
        assertThat(limit.tryTake("a")).isPresent();
    }
}
