package carafe.auth;

import static carafe.support.CarafeServer.PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Json;
import carafe.support.Response;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * With no trusted proxies (the default) X-Forwarded-For is the client's own claim: it changes neither
 * the bucket its failures are counted in nor the address its session records.
 */
class SpoofedForwardedForTest {
    private static final int LOGIN_FAILURES_PER_CLIENT = 3;

    @RegisterExtension
    static final CarafeServer server = new CarafeServer()
            .with("CARAFE_LIMIT_LOGIN_IP", LOGIN_FAILURES_PER_CLIENT + "/15m");

    private static Response login(String email, String password, String forwardedFor) {
        return server.client().postJson("/api/auth/login", Json.object("email", email, "password", password),
                "X-Forwarded-For", forwardedFor);
    }

    @Test
    void a_spoofed_forwarded_for_neither_escapes_the_limit_nor_reaches_the_session() {
        for (int i = 0; i < LOGIN_FAILURES_PER_CLIENT; i++) {
            assertThat(login(server.signUp("spoof").email(), "not the passphrase", "203.0.113." + (i + 1)).status())
                    .isEqualTo(401);
        }
        String email = server.signUp("spoof").email();

        assertThat(login(email, PASSWORD, "203.0.113.200").status()).isEqualTo(429);
        assertThat(server.client().login(email, PASSWORD).status()).isEqualTo(429);

        // A success is recorded under the peer's address, whatever the header says.
        server.clock.advance(Duration.ofMinutes(15));
        assertThat(login(email, PASSWORD, "203.0.113.201").status()).isEqualTo(200);
        var recorded = server.sessionsOf(email).stream().map(Session::ip).toList();
        assertThat(recorded).hasSize(2).containsOnly("127.0.0.1"); // signed up, then signed in
    }
}
