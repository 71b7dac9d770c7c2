package carafe.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class IpAddressesTest {
    @Test
    void dotted_quads_from_0_to_255_are_ipv4_addresses() {
        assertThat(IpAddresses.parse("0.0.0.0").map(IpAddresses::format)).contains("0.0.0.0");
        assertThat(IpAddresses.parse("255.255.255.255").map(IpAddresses::format)).contains("255.255.255.255");
        assertThat(IpAddresses.parse(" 192.0.2.10 ").map(IpAddresses::format)).contains("192.0.2.10");
        assertThat(IpAddresses.parse("[127.0.0.1]").map(IpAddresses::format)).contains("127.0.0.1");
    }

    @Test
    void anything_else_that_looks_like_ipv4_is_refused_and_never_looked_up() {
        for (String text : new String[] {"256.0.0.1", "1.2.3", "1.2.3.4.5", "1..2.3", ".1.2.3", "1.2.3.", "01.2.3.4",
                "1.2.3.04", "1.2.3.1000", "1.2.3.+4", "1.2.3.4a", "", "localhost", "example.com", "10.0.0.0/8"}) {
            assertThat(IpAddresses.parse(text)).as(text).isEmpty();
        }
    }
}
