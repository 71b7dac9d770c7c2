package carafe.auth;

import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Client;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Idle and absolute timeouts, driven by the server's clock instead of sleeping. */
class SessionExpiryTest {
    @RegisterExtension
    static final CarafeServer server = new CarafeServer();

    private static Instant lastSeen(Client client) {
        return server.storedSession(client).orElseThrow().lastSeenAt();
    }

    @Test
    void a_session_unused_for_the_idle_timeout_ends() {
        var client = server.signUp("idle").signInOnAnotherDevice();

        server.clock.advance(Duration.ofMinutes(31));

        assertThat(client.session().status()).isEqualTo(401);
    }

    @Test
    void use_keeps_a_session_alive_past_the_idle_timeout() {
        var client = server.signUp("busy").signInOnAnotherDevice();

        for (int i = 0; i < 4; i++) {
            server.clock.advance(Duration.ofMinutes(20));
            assertThat(client.session().status()).isEqualTo(200);
        }
    }

    @Test
    void a_session_ends_at_the_absolute_timeout_even_when_used() {
        var client = server.signUp("absolute").signInOnAnotherDevice();

        // Used every 25 minutes, so never idle, until half an hour before the 7-day limit: still alive.
        Duration elapsed = Duration.ZERO;
        while (elapsed.compareTo(Duration.ofDays(7).minusMinutes(30)) < 0) {
            server.clock.advance(Duration.ofMinutes(25));
            elapsed = elapsed.plusMinutes(25);
            assertThat(client.session().status()).as("after %s", elapsed).isEqualTo(200);
        }
        server.clock.advance(Duration.ofMinutes(20)); // 7 days less 10 minutes
        assertThat(client.session().status()).isEqualTo(200);

        server.clock.advance(Duration.ofMinutes(20)); // past 7 days, though used 20 minutes ago

        assertThat(client.session().status()).isEqualTo(401);
    }

    @Test
    void remember_me_sessions_survive_a_day_of_idleness() {
        var client = server.signUp("remembered").signInOnAnotherDevice(true);

        server.clock.advance(Duration.ofDays(1));

        assertThat(client.session().status()).isEqualTo(200);
    }

    @Test
    void last_seen_is_written_at_most_once_a_minute() {
        var client = server.signUp("touch").signInOnAnotherDevice();
        Instant first = lastSeen(client);

        server.clock.advance(Duration.ofSeconds(30));
        client.session();
        assertThat(lastSeen(client)).isEqualTo(first);

        server.clock.advance(Duration.ofSeconds(31));
        client.session();
        assertThat(lastSeen(client)).isEqualTo(server.clock.instant());
    }

    @Test
    void expired_sessions_are_purged() {
        var client = server.signUp("purged").signInOnAnotherDevice();
        String idHash = SecretTokens.hash(client.cookies().get("carafe_session"));

        server.clock.advance(Duration.ofHours(1));
        server.app().sessions().purgeExpired();

        assertThat(server.sessionStore().find(idHash)).isEmpty();
    }
}
