package dev.bulwark.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.Filter;
import io.helidon.webserver.http.FilterChain;
import io.helidon.webserver.http.RoutingRequest;
import io.helidon.webserver.http.RoutingResponse;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Resolves the client address of every request once, before anything reads it, and keeps it in the request's
 * context for {@link ClientInfo#of} (decision 0038).
 *
 * <p>Security guarantee: {@code X-Forwarded-For} is read only when the TCP peer is inside {@code
 * server.trusted-proxies}; from any other peer it is ignored entirely. Through trusted proxies the client is the
 * right-most address of the chain (the header's entries, then the peer) that is not a trusted proxy, so entries a
 * client wrote itself (left of what its proxy appended) are never taken. A malformed entry stops the walk: the
 * request then counts as the trusted proxy's own that handed it on, never as an address the sender chose.
 */
public final class ClientAddress implements Filter {
    private final List<Cidr> trustedProxies;

    /** {@code trustedProxies}: the blocks whose peers may say whom they forward for; empty trusts no one. */
    public ClientAddress(List<Cidr> trustedProxies) {
        this.trustedProxies = List.copyOf(trustedProxies);
    }

    /**
     * A resolved client address.
     *
     * @param address the client's address
     * @param origin how it was learned
     */
    public record Resolved(InetAddress address, ClientInfo.Origin origin) {}

    /**
     * The client of a request from {@code peer} that carried {@code forwardedFor} (every {@code X-Forwarded-For}
     * value in the order received, each a comma-separated list; none when absent).
     */
    public Resolved resolve(InetAddress peer, List<String> forwardedFor) {
        if (!isTrustedProxy(peer)) {
            return new Resolved(peer, ClientInfo.Origin.PEER);
        }
        List<String> entries = new ArrayList<>();
        for (String value : forwardedFor) {
            if (!value.isBlank()) {
                entries.addAll(List.of(value.split(",", -1)));
            }
        }
        InetAddress nearestTrusted = peer;
        for (int i = entries.size() - 1; i >= 0; i--) {
            InetAddress hop = Cidr.address(entries.get(i)).orElse(null);
            if (hop == null) {
                return new Resolved(nearestTrusted, ClientInfo.Origin.PROXY);
            }
            if (!isTrustedProxy(hop)) {
                return new Resolved(hop, ClientInfo.Origin.FORWARDED);
            }
            nearestTrusted = hop;
        }
        return new Resolved(nearestTrusted, ClientInfo.Origin.PROXY);
    }

    /** Whether {@code address} is inside {@code server.trusted-proxies}. */
    public boolean isTrustedProxy(InetAddress address) {
        for (Cidr block : trustedProxies) {
            if (block.contains(address)) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void filter(FilterChain chain, RoutingRequest req, RoutingResponse res) {
        ClientInfo client;
        if (req.remotePeer().address() instanceof InetSocketAddress inet && inet.getAddress() != null) {
            Resolved resolved = resolve(inet.getAddress(), req.headers().all(HeaderNames.X_FORWARDED_FOR, List::of));
            client = ClientInfo.resolved(resolved.address().getHostAddress(), resolved.origin(), req);
        } else {
            client = ClientInfo.resolved("unknown", ClientInfo.Origin.PEER, req);
        }
        req.context().register(client);
        chain.proceed();
    }
}
