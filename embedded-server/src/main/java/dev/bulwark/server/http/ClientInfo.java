package dev.bulwark.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Where a request came from: the peer's IP address and its client description.
 *
 * @param ip the peer's IP address
 * @param client the User-Agent, cut to 200 characters
 */
public record ClientInfo(String ip, String client) {
    private static final int CLIENT_MAX = 200;

    /** Reads the peer address and User-Agent of {@code req}. */
    public static ClientInfo of(ServerRequest req) {
        SocketAddress peer = req.remotePeer().address();
        String ip = peer instanceof InetSocketAddress inet && inet.getAddress() != null
                ? inet.getAddress().getHostAddress()
                : "unknown";
        String agent = req.headers().first(HeaderNames.USER_AGENT).orElse("unknown");
        return new ClientInfo(ip, agent.length() > CLIENT_MAX ? agent.substring(0, CLIENT_MAX) : agent);
    }
}
