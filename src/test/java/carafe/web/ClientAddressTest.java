package carafe.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The rightmost-untrusted rule over X-Forwarded-For, element by element. */
class ClientAddressTest {
    private static final ClientAddress BEHIND_PROXIES =
            new ClientAddress(TrustedProxies.parse("10.0.0.0/8, 2001:db8:f::/48"));
    private static final ClientAddress DIRECT = new ClientAddress(TrustedProxies.NONE);

    @Test
    void without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says() {
        assertThat(DIRECT.resolve("10.0.0.1", List.of("198.51.100.7"))).isEqualTo("10.0.0.1");
    }

    @Test
    void a_peer_that_is_not_a_trusted_proxy_is_the_client() {
        assertThat(BEHIND_PROXIES.resolve("192.0.2.1", List.of("198.51.100.7"))).isEqualTo("192.0.2.1");
    }

    @Test
    void behind_a_trusted_proxy_the_rightmost_untrusted_entry_is_the_client() {
        assertThat(BEHIND_PROXIES.resolve("10.0.0.1", List.of("1.2.3.4", "198.51.100.7", "10.0.0.2")))
                .isEqualTo("198.51.100.7");
    }

    @Test
    void malformed_entries_and_names_are_skipped_never_resolved() {
        assertThat(BEHIND_PROXIES.resolve("10.0.0.1", List.of("198.51.100.7", "unknown", "localhost", "300.1.1.1",
                "", "10.0.0.2"))).isEqualTo("198.51.100.7");
    }

    @Test
    void ports_and_brackets_are_understood() {
        assertThat(BEHIND_PROXIES.resolve("10.0.0.1", List.of("198.51.100.7:4711"))).isEqualTo("198.51.100.7");
        assertThat(BEHIND_PROXIES.resolve("10.0.0.1", List.of("[2001:DB8::7]:443"))).isEqualTo("2001:db8::7");
        assertThat(BEHIND_PROXIES.resolve("[2001:db8:f::1]", List.of(" 2001:db8:0:0:1:0:0:1 ")))
                .isEqualTo("2001:db8::1:0:0:1");
    }

    @Test
    void when_every_hop_is_trusted_the_furthest_one_is_the_client() {
        assertThat(BEHIND_PROXIES.resolve("10.0.0.1", List.of("10.9.9.9", "10.0.0.2"))).isEqualTo("10.9.9.9");
        assertThat(BEHIND_PROXIES.resolve("10.0.0.1", List.of())).isEqualTo("10.0.0.1");
    }

    @Test
    void addresses_have_one_spelling() {
        assertThat(DIRECT.resolve("0:0:0:0:0:0:0:1", List.of())).isEqualTo("::1");
        assertThat(DIRECT.resolve("[::ffff:192.0.2.1]", List.of())).isEqualTo("192.0.2.1");
        assertThat(DIRECT.resolve("2001:db8:0:0:0:0:2:1", List.of())).isEqualTo("2001:db8::2:1");
        assertThat(DIRECT.resolve("2001:db8:0:1:0:0:0:1", List.of())).isEqualTo("2001:db8:0:1::1");
    }

    @Test
    void trusted_proxies_must_be_addresses_or_cidr_ranges() {
        assertThat(TrustedProxies.parse(" ").isEmpty()).isTrue();
        assertThat(TrustedProxies.parse("192.0.2.0/24,::1").toString()).isEqualTo("[192.0.2.0/24, ::1/128]");
        assertThatThrownBy(() -> TrustedProxies.parse("10.0.0.0/33, proxy.internal, 192.0.2.1"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("'10.0.0.0/33', 'proxy.internal' are neither an IP address nor a CIDR range");
    }
}
