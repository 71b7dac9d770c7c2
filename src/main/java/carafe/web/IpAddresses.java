package carafe.web;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * IP address literals as they arrive in headers and settings. Parsing never asks DNS: a string is
 * handed to {@link InetAddress} only once it can be nothing but a literal, because a name in a
 * forwarded header must not turn into a lookup an attacker chooses.
 */
public final class IpAddresses {
    // Hex groups, colons and an optional dotted tail (::ffff:192.0.2.1); no zone ids.
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]{2,45}");

    private IpAddresses() {}

    /** The address this literal names, or empty if it is not a plain IPv4 or IPv6 literal. */
    public static Optional<InetAddress> parse(String text) {
        if (text == null) return Optional.empty();
        String literal = text.strip();
        if (literal.startsWith("[") && literal.endsWith("]")) literal = literal.substring(1, literal.length() - 1);
        try {
            byte[] ipv4 = dottedQuad(literal);
            if (ipv4 != null) return Optional.of(InetAddress.getByAddress(ipv4));
            if (literal.indexOf(':') >= 0 && IPV6.matcher(literal).matches()) {
                // With a colon in it the JDK parses it as an IPv6 literal and never resolves it.
                return Optional.of(InetAddress.getByName(literal));
            }
        } catch (UnknownHostException malformed) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    /**
     * The four bytes of a dotted-quad IPv4 literal (0-255 each, no leading zeros, which some parsers
     * read as octal), or null. By hand rather than with a regular expression: every request's peer
     * address goes through here.
     */
    private static byte[] dottedQuad(String text) {
        byte[] bytes = new byte[4];
        int part = 0;
        int value = 0;
        int digits = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '.') {
                if (digits == 0 || part == 3) return null;
                bytes[part++] = (byte) value;
                value = 0;
                digits = 0;
            } else if (c >= '0' && c <= '9') {
                if (digits == 1 && value == 0) return null; // a leading zero
                value = value * 10 + (c - '0');
                if (++digits > 3 || value > 255) return null;
            } else {
                return null;
            }
        }
        if (part != 3 || digits == 0) return null;
        bytes[3] = (byte) value;
        return bytes;
    }

    /**
     * An X-Forwarded-For element: a literal, optionally with a port as some proxies write it
     * ({@code 192.0.2.1:4711}, {@code [2001:db8::1]:4711}).
     */
    public static Optional<InetAddress> parseForwarded(String element) {
        String text = element.strip();
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0) return Optional.empty();
            String rest = text.substring(close + 1);
            if (!rest.isEmpty() && !rest.matches(":\\d{1,5}")) return Optional.empty();
            return parse(text.substring(0, close + 1));
        }
        int colon = text.indexOf(':');
        if (colon > 0 && colon == text.lastIndexOf(':')) { // one colon: IPv4 with a port
            if (!text.substring(colon + 1).matches("\\d{1,5}")) return Optional.empty();
            text = text.substring(0, colon);
        }
        return parse(text);
    }

    /** The usual text form: dotted IPv4, or IPv6 in RFC 5952's compressed lower-case form. */
    public static String format(InetAddress address) {
        if (!(address instanceof Inet6Address)) return address.getHostAddress();
        byte[] bytes = address.getAddress();
        int[] groups = new int[8];
        for (int i = 0; i < 8; i++) groups[i] = ((bytes[2 * i] & 0xff) << 8) | (bytes[2 * i + 1] & 0xff);
        // The longest run of two or more zero groups (the first, if tied) becomes "::".
        int bestStart = -1;
        int bestLength = 1;
        for (int i = 0; i < 8; ) {
            if (groups[i] != 0) {
                i++;
                continue;
            }
            int start = i;
            while (i < 8 && groups[i] == 0) i++;
            if (i - start > bestLength) {
                bestStart = start;
                bestLength = i - start;
            }
        }
        var out = new StringBuilder(39);
        for (int i = 0; i < 8; i++) {
            if (i == bestStart) {
                out.append("::");
                i += bestLength - 1;
                continue;
            }
            if (out.length() > 0 && out.charAt(out.length() - 1) != ':') out.append(':');
            out.append(Integer.toHexString(groups[i]));
        }
        return out.toString();
    }

    /** The first {@code bits} bits of the address, the rest zero: the network it lies in. */
    public static InetAddress network(InetAddress address, int bits) {
        byte[] bytes = address.getAddress();
        for (int i = 0; i < bytes.length; i++) {
            int keep = Math.max(0, Math.min(8, bits - 8 * i));
            bytes[i] &= (byte) (0xff << (8 - keep));
        }
        try {
            return InetAddress.getByAddress(bytes);
        } catch (UnknownHostException impossible) {
            throw new IllegalStateException(impossible); // only thrown for a wrong byte count
        }
    }
}
