package dev.bulwark.server.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.ServerRequest;

/**
 * Where a request came from: the client's IP address, how it was learned, and the client's description.
 *
 * <p>The address is resolved once per request by {@link ClientAddress} (decision 0038): the TCP peer, or, when
 * the peer is a trusted proxy ({@code server.trusted-proxies}), the right-most {@code X-Forwarded-For} entry that
 * is not a trusted proxy. Everything that records or counts a source address (audit records, rate limits, the
 * lockout, known addresses, sessions, API tokens' last use) reads it from here.
 *
 * @param ip the client's IP address
 * @param client the User-Agent, cut to 200 characters
 * @param origin how {@code ip} was learned
 */
public record ClientInfo(String ip, String client, Origin origin) {
    private static final int CLIENT_MAX = 200;

    /** How the client's address was learned. */
    public enum Origin {
        /** The TCP peer, which is not a trusted proxy; any {@code X-Forwarded-For} it sent was ignored. */
        PEER,
        /** Forwarded by trusted proxies: the right-most {@code X-Forwarded-For} entry that is not one of them. */
        FORWARDED,
        /**
         * A trusted proxy's own address: the proxy sent the request itself, every forwarded entry is a trusted
         * proxy, or the entry after the last trusted one is malformed.
         */
        PROXY
    }

    /** A client that reached the server directly. */
    public ClientInfo(String ip, String client) {
        this(ip, client, Origin.PEER);
    }

    /**
     * The client of {@code req}, as resolved when the request came in.
     *
     * @throws IllegalStateException when the routing does not resolve client addresses ({@link ClientAddress} is
     *     missing), so a wiring mistake cannot fall back to some other address
     */
    public static ClientInfo of(ServerRequest req) {
        return req.context()
                .get(ClientInfo.class)
                .orElseThrow(() -> new IllegalStateException("The client address of this request was not resolved"));
    }

    static ClientInfo resolved(String ip, Origin origin, ServerRequest req) {
        String agent = req.headers().first(HeaderNames.USER_AGENT).orElse("unknown");
        return new ClientInfo(ip, agent.length() > CLIENT_MAX ? agent.substring(0, CLIENT_MAX) : agent, origin);
    }

    /** Whether the request reached the server through a trusted proxy (the TCP peer is one). */
    public boolean viaTrustedProxy() {
        return origin != Origin.PEER;
    }

    /**
     * Whether {@link #ip} is a trusted proxy's own address, which stands for no one person: it is never remembered
     * as a user's known address nor trusted as one.
     */
    public boolean ipIsTrustedProxy() {
        return origin == Origin.PROXY;
    }
}
