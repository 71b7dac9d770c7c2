package carafe.web;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The proxies (load balancers, TLS terminators) whose X-Forwarded-For Carafe believes: addresses and
 * CIDR ranges such as {@code 10.0.0.0/8} or {@code 2001:db8::/32}. Empty means nobody's: the TCP peer
 * is the client, and a client cannot pick the address its rate limits are counted under.
 */
public final class TrustedProxies {
    public static final TrustedProxies NONE = new TrustedProxies(List.of());

    private final List<Range> ranges;

    private TrustedProxies(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * Reads a comma-separated list; blank means none.
     *
     * @throws IllegalArgumentException naming every entry that is neither an address nor a CIDR range
     */
    public static TrustedProxies parse(String list) {
        if (list == null || list.isBlank()) return NONE;
        var ranges = new ArrayList<Range>();
        var bad = new ArrayList<String>();
        for (String entry : list.split(",")) {
            String text = entry.strip();
            if (text.isEmpty()) continue;
            Range.parse(text).ifPresentOrElse(ranges::add, () -> bad.add("'" + text + "'"));
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException(String.join(", ", bad) + (bad.size() == 1 ? " is" : " are")
                    + " neither an IP address nor a CIDR range");
        }
        return new TrustedProxies(List.copyOf(ranges));
    }

    public boolean isEmpty() {
        return ranges.isEmpty();
    }

    public boolean contains(InetAddress address) {
        for (Range range : ranges) {
            if (range.contains(address)) return true;
        }
        return false;
    }

    @Override
    public String toString() {
        return ranges.toString();
    }

    /** One address or a block of them: the network's first bits and how many of them count. */
    private record Range(InetAddress network, int prefixLength) {
        static Optional<Range> parse(String text) {
            int slash = text.indexOf('/');
            var address = IpAddresses.parse(slash < 0 ? text : text.substring(0, slash));
            if (address.isEmpty()) return Optional.empty();
            int maxBits = address.get() instanceof Inet4Address ? 32 : 128;
            int bits = maxBits;
            if (slash >= 0) {
                String prefix = text.substring(slash + 1);
                if (!prefix.matches("\\d{1,3}")) return Optional.empty();
                bits = Integer.parseInt(prefix);
                if (bits > maxBits) return Optional.empty();
            }
            return Optional.of(new Range(IpAddresses.network(address.get(), bits), bits));
        }

        boolean contains(InetAddress address) {
            return address.getClass() == network.getClass()
                    && IpAddresses.network(address, prefixLength).equals(network);
        }

        @Override
        public String toString() {
            return IpAddresses.format(network) + "/" + prefixLength;
        }
    }
}
