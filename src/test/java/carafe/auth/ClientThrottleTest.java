package carafe.auth;

import static carafe.db.schema.Tables.USERS;
import static carafe.support.CarafeServer.PASSWORD;
import static carafe.support.Html.form;
import static carafe.support.Html.hidden;
import static org.assertj.core.api.Assertions.assertThat;

import carafe.support.CarafeServer;
import carafe.support.Json;
import carafe.support.Response;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Limits per client address, behind a trusted proxy: the tests are the proxy (127.0.0.1) and say
 * which client they forward for in X-Forwarded-For, so each test is its own set of clients. Small
 * limits keep the tests fast.
 */
class ClientThrottleTest {
    private static final int LOGIN_FAILURES_PER_CLIENT = 3;
    private static final int REGISTRATIONS_PER_CLIENT = 2;

    @RegisterExtension
    static final CarafeServer server = new CarafeServer()
            .with("CARAFE_TRUSTED_PROXIES", "127.0.0.1")
            .with("CARAFE_LIMIT_LOGIN_IP", LOGIN_FAILURES_PER_CLIENT + "/15m")
            .with("CARAFE_LIMIT_REGISTER_IP", REGISTRATIONS_PER_CLIENT + "/1h");

    private static final String WRONG = "not the passphrase 42";
    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** A client address no other test uses (TEST-NET ranges: documentation only, never contacted). */
    private static String newAddress() {
        int n = ADDRESSES.incrementAndGet();
        return "198.51." + (100 + n / 250) + "." + (1 + n % 250);
    }

    private static String registered(String who) {
        String email = CarafeServer.uniqueEmail(who);
        assertThat(register(email, newAddress()).status()).isEqualTo(201);
        return email;
    }

    private static Response register(String email, String from) {
        return server.client().postJson("/api/auth/register", Json.object("email", email, "name", "Someone",
                "password", PASSWORD), "X-Forwarded-For", from);
    }

    private static Response login(String email, String password, String forwardedFor) {
        return server.client().postJson("/api/auth/login", Json.object("email", email, "password", password),
                "X-Forwarded-For", forwardedFor);
    }

    private static List<String> sessionAddresses(String email) {
        return server.sessionsOf(email).stream().map(Session::ip).toList();
    }

    @Test
    void failed_logins_from_one_client_are_limited_across_accounts() {
        String attacker = newAddress();
        for (int i = 0; i < LOGIN_FAILURES_PER_CLIENT; i++) {
            assertThat(login(CarafeServer.uniqueEmail("sprayed"), WRONG, attacker).status()).isEqualTo(401);
        }
        String untouched = registered("untouched");

        var response = login(untouched, PASSWORD, attacker);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.header("Retry-After")).isNotNull();
        assertThat(response.json().path("detail").asText()).startsWith("Too many failed sign-ins from your network.");
        // The account itself is not locked: its owner, elsewhere, signs in.
        assertThat(login(untouched, PASSWORD, newAddress()).status()).isEqualTo(200);
    }

    @Test
    void different_forwarded_addresses_count_as_different_clients() {
        String email = registered("shared");
        String first = newAddress();
        String second = newAddress();
        for (int i = 0; i < LOGIN_FAILURES_PER_CLIENT; i++) {
            assertThat(login(email, WRONG, first).status()).isEqualTo(401);
        }
        assertThat(login(email, WRONG, first).status()).isEqualTo(429);

        assertThat(login(email, WRONG, second).status()).isEqualTo(401);
        assertThat(login(email, PASSWORD, second).status()).isEqualTo(200);
    }

    @Test
    void the_client_is_the_rightmost_address_that_is_not_a_trusted_proxy() {
        String client = newAddress();
        // What the client wrote itself (left) cannot move it into another bucket.
        for (int i = 0; i < LOGIN_FAILURES_PER_CLIENT; i++) {
            String spoofed = newAddress() + ", " + client + ", 127.0.0.1";
            assertThat(login(CarafeServer.uniqueEmail("chain"), WRONG, spoofed).status()).isEqualTo(401);
        }

        assertThat(login(CarafeServer.uniqueEmail("chain"), WRONG, client).status()).isEqualTo(429);
    }

    @Test
    void sessions_record_the_forwarded_client_address() {
        String email = CarafeServer.uniqueEmail("where");
        String signedUpFrom = newAddress();
        String signedInFrom = newAddress();
        assertThat(register(email, signedUpFrom).status()).isEqualTo(201);

        assertThat(login(email, PASSWORD, "203.0.113.9, " + signedInFrom).status()).isEqualTo(200);

        assertThat(sessionAddresses(email)).containsExactlyInAnyOrder(signedUpFrom, signedInFrom);
    }

    @Test
    void ipv6_clients_are_counted_by_their_64_bit_prefix() {
        String email = registered("six");
        for (int i = 0; i < LOGIN_FAILURES_PER_CLIENT; i++) {
            assertThat(login(email, WRONG, "2001:db8:7:1::" + Integer.toHexString(i + 1)).status()).isEqualTo(401);
        }

        assertThat(login(email, PASSWORD, "[2001:db8:7:1:ffff::9]:4711").status()).isEqualTo(429);
        assertThat(login(email, PASSWORD, "2001:db8:7:2::1").status()).isEqualTo(200);
    }

    @Test
    void registrations_from_one_client_are_limited() {
        String from = newAddress();
        for (int i = 0; i < REGISTRATIONS_PER_CLIENT; i++) {
            assertThat(register(CarafeServer.uniqueEmail("farm"), from).status()).isEqualTo(201);
        }
        String email = CarafeServer.uniqueEmail("farm");

        var response = register(email, from);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.contentType()).isEqualTo("application/problem+json");
        assertThat(Long.parseLong(response.header("Retry-After"))).isBetween(1L, 1800L);
        assertThat(response.json().path("detail").asText()).startsWith("Too many sign-ups from your network.");
        assertThat(server.db().fetchExists(USERS, USERS.EMAIL.eq(email))).isFalse();
        assertThat(register(email, newAddress()).status()).isEqualTo(201);
    }

    @Test
    void invalid_sign_ups_do_not_count() {
        String from = newAddress();
        for (int i = 0; i < REGISTRATIONS_PER_CLIENT + 1; i++) {
            var invalid = server.client().postJson("/api/auth/register", Json.object("email", "not an email",
                    "name", "X", "password", PASSWORD), "X-Forwarded-For", from);
            assertThat(invalid.status()).isEqualTo(422);
        }

        assertThat(register(CarafeServer.uniqueEmail("after-typos"), from).status()).isEqualTo(201);
    }

    @Test
    void the_sign_up_page_shows_the_message_with_429() {
        String from = newAddress();
        for (int i = 0; i < REGISTRATIONS_PER_CLIENT; i++) {
            assertThat(register(CarafeServer.uniqueEmail("page-farm"), from).status()).isEqualTo(201);
        }
        var client = server.client();
        String token = hidden(client.get("/register", "X-Forwarded-For", from).body(), "_csrf");
        String email = CarafeServer.uniqueEmail("page-farm");

        var response = client.postForm("/register", form("_csrf", token, "email", email, "name", "Page Farm",
                "password", PASSWORD), "Accept", "text/html", "X-Forwarded-For", from);

        assertThat(response.status()).isEqualTo(429);
        assertThat(response.contentType()).startsWith("text/html");
        assertThat(response.header("Retry-After")).isNotNull();
        assertThat(response.body()).contains("<p class=\"flash flash-error\" role=\"alert\">Too many sign-ups from your"
                + " network. Try again in ").contains("value=\"" + email + "\"");
        assertThat(server.db().fetchExists(USERS, USERS.EMAIL.eq(email))).isFalse();
    }
}
