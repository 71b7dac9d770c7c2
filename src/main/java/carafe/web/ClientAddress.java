package carafe.web;

import io.javalin.http.Context;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The address of the client that sent a request: the one every feature records (sessions, audit
 * events) and rate-limits by. It is the TCP peer, unless the peer is a trusted proxy: then it is the
 * rightmost X-Forwarded-For entry that is not itself a trusted proxy. Entries further left were
 * written by the client and could be anything; the rightmost untrusted one was written by our own
 * proxy, about the machine that connected to it. Malformed entries are skipped.
 *
 * <p>{@link #assign} runs first on every request (the app's before handler), so {@link #of} is one
 * attribute read.
 */
public final class ClientAddress {
    private static final String ATTRIBUTE = "carafe.clientAddress";
    private static final String FORWARDED_FOR = "X-Forwarded-For";

    private final TrustedProxies trusted;

    public ClientAddress(TrustedProxies trusted) {
        this.trusted = trusted;
    }

    public void assign(Context ctx) {
        List<String> hops = trusted.isEmpty() ? List.of() : forwardedFor(ctx);
        ctx.attribute(ATTRIBUTE, resolve(ctx.req().getRemoteAddr(), hops));
    }

    /** The client's address of this request, e.g. {@code 192.0.2.7} or {@code 2001:db8::7}. */
    public static String of(Context ctx) {
        String address = ctx.attribute(ATTRIBUTE);
        if (address != null) return address;
        // Not assigned (a handler outside the app's pipeline): the peer, which a client cannot forge.
        String peer = ctx.req().getRemoteAddr();
        return IpAddresses.parse(peer).map(IpAddresses::format).orElse(peer);
    }

    String resolve(String peerText, List<String> forwardedFor) {
        Optional<InetAddress> peer = IpAddresses.parse(peerText);
        if (peer.isEmpty()) return peerText;
        if (!trusted.contains(peer.get())) return IpAddresses.format(peer.get());
        InetAddress nearest = peer.get();
        for (String element : forwardedFor.reversed()) {
            Optional<InetAddress> hop = IpAddresses.parseForwarded(element);
            if (hop.isEmpty()) continue;
            if (!trusted.contains(hop.get())) return IpAddresses.format(hop.get());
            nearest = hop.get();
        }
        // Every hop is a trusted proxy (a request made by the proxies themselves): the furthest one.
        return IpAddresses.format(nearest);
    }

    /** Every X-Forwarded-For element in order; several headers count as one list (RFC 9110 §5.3). */
    private static List<String> forwardedFor(Context ctx) {
        var headers = ctx.req().getHeaders(FORWARDED_FOR);
        if (headers == null || !headers.hasMoreElements()) return List.of();
        var elements = new ArrayList<String>();
        for (String header : Collections.list(headers)) elements.addAll(List.of(header.split(",")));
        return elements;
    }
}
