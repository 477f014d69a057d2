package dev.bulwark.server.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.server.http.ClientAddress.Resolved;
import dev.bulwark.server.http.ClientInfo.Origin;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The right-most untrusted rule: X-Forwarded-For counts only from a trusted peer, and then only from the right up
 * to the first address that is not a trusted proxy.
 */
class ClientAddressTest {
    private static final InetAddress PROXY = ip("10.0.0.5");
    private static final InetAddress STRANGER = ip("198.51.100.20");

    private final ClientAddress addresses =
            new ClientAddress(List.of(Cidr.parse("10.0.0.0/8"), Cidr.parse("127.0.0.1/32"), Cidr.parse("fd00::/8")));

    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    private Resolved from(InetAddress peer, String... forwardedFor) {
        return addresses.resolve(peer, List.of(forwardedFor));
    }

    @Test
    void aTrustedPeer_forwardingOneClient_namesThatClient() {
        assertThat(from(PROXY, "203.0.113.7")).isEqualTo(new Resolved(ip("203.0.113.7"), Origin.FORWARDED));
    }

    @Test
    void anUntrustedPeer_isTheClient_whateverItsXForwardedForSays() {
        assertThat(from(STRANGER, "203.0.113.7")).isEqualTo(new Resolved(STRANGER, Origin.PEER));
        assertThat(from(STRANGER, "127.0.0.1")).isEqualTo(new Resolved(STRANGER, Origin.PEER));
        assertThat(from(STRANGER, "10.0.0.9, 127.0.0.1")).isEqualTo(new Resolved(STRANGER, Origin.PEER));
        assertThat(from(STRANGER)).isEqualTo(new Resolved(STRANGER, Origin.PEER));
    }

    @Test
    void aTrustedPeer_withoutXForwardedFor_isTheProxyItself() {
        assertThat(from(PROXY)).isEqualTo(new Resolved(PROXY, Origin.PROXY));
    }

    @Test
    void anEmptyHeader_isNoHeader() {
        assertThat(from(PROXY, "")).isEqualTo(new Resolved(PROXY, Origin.PROXY));
        assertThat(from(PROXY, "   ")).isEqualTo(new Resolved(PROXY, Origin.PROXY));
    }

    @Test
    void spoofedLeftMostEntries_areNeverTaken() {
        // the client sent "1.1.1.1, 10.0.0.7"; the proxy appended the address it saw
        assertThat(from(PROXY, "1.1.1.1, 10.0.0.7, 203.0.113.7"))
                .isEqualTo(new Resolved(ip("203.0.113.7"), Origin.FORWARDED));
        assertThat(from(PROXY, "127.0.0.1, 203.0.113.7")).isEqualTo(new Resolved(ip("203.0.113.7"), Origin.FORWARDED));
    }

    @Test
    void trustedHops_areSkippedFromTheRight() {
        assertThat(from(PROXY, "198.51.100.1, 203.0.113.7, 10.1.1.1, 10.2.2.2"))
                .isEqualTo(new Resolved(ip("203.0.113.7"), Origin.FORWARDED));
    }

    @Test
    void aChainOfTrustedProxiesOnly_isTheLeftMostProxy() {
        assertThat(from(PROXY, "10.3.3.3, 10.1.1.1")).isEqualTo(new Resolved(ip("10.3.3.3"), Origin.PROXY));
    }

    @Test
    void severalHeaders_areOneChainInTheOrderReceived() {
        assertThat(addresses.resolve(PROXY, List.of("198.51.100.1, 203.0.113.7", "10.1.1.1")))
                .isEqualTo(new Resolved(ip("203.0.113.7"), Origin.FORWARDED));
        assertThat(addresses.resolve(PROXY, List.of("10.1.1.1", "203.0.113.7")))
                .isEqualTo(new Resolved(ip("203.0.113.7"), Origin.FORWARDED));
    }

    @Test
    void ipv6Clients_andIpv6Proxies_areResolvedAlike() {
        InetAddress ipv6Proxy = ip("fd00::10");

        assertThat(from(ipv6Proxy, "2001:db8::7")).isEqualTo(new Resolved(ip("2001:db8::7"), Origin.FORWARDED));
        assertThat(from(ipv6Proxy, "[2001:db8::7]")).isEqualTo(new Resolved(ip("2001:db8::7"), Origin.FORWARDED));
        assertThat(from(ip("2001:db8::99"), "2001:db8::7")).isEqualTo(new Resolved(ip("2001:db8::99"), Origin.PEER));
    }

    @Test
    void mixedChains_ofIpv4AndIpv6_skipTrustedHopsOfBothFamilies() {
        assertThat(from(PROXY, "2001:db8::1, 203.0.113.7, fd00::3"))
                .isEqualTo(new Resolved(ip("203.0.113.7"), Origin.FORWARDED));
        assertThat(from(ip("fd00::10"), "198.51.100.1, 2001:db8::7, 10.9.9.9"))
                .isEqualTo(new Resolved(ip("2001:db8::7"), Origin.FORWARDED));
    }

    @Test
    void anIpv4MappedEntry_isMatchedAsIpv4() {
        assertThat(from(PROXY, "203.0.113.7, ::ffff:10.1.1.1"))
                .isEqualTo(new Resolved(ip("203.0.113.7"), Origin.FORWARDED));
    }

    @Test
    void aMalformedEntry_stopsTheWalk_atTheTrustedHopThatHandedItOn() {
        assertThat(from(PROXY, "203.0.113.7, not-an-address")).isEqualTo(new Resolved(PROXY, Origin.PROXY));
        assertThat(from(PROXY, "203.0.113.7, unknown, 10.1.1.1")).isEqualTo(new Resolved(ip("10.1.1.1"), Origin.PROXY));
    }

    @Test
    void malformedEntriesLeftOfTheClient_areNeverReached() {
        assertThat(from(PROXY, "<script>, 999.1.1.1, 203.0.113.7"))
                .isEqualTo(new Resolved(ip("203.0.113.7"), Origin.FORWARDED));
    }

    @Test
    void emptyEntries_portsHostNamesAndShorthand_areMalformed() {
        for (String entry : List.of(
                "203.0.113.7,",
                "203.0.113.7, , 10.1.1.1",
                "203.0.113.7:4711",
                "[2001:db8::7]:443",
                "client.example.com",
                "127.1",
                "2130706433",
                "fe80::1%eth0")) {
            assertThat(from(PROXY, entry).origin()).as(entry).isEqualTo(Origin.PROXY);
        }
    }

    @Test
    void withNoTrustedProxies_everyPeerIsTheClient() {
        ClientAddress nobody = new ClientAddress(List.of());

        assertThat(nobody.resolve(ip("127.0.0.1"), List.of("203.0.113.7")))
                .isEqualTo(new Resolved(ip("127.0.0.1"), Origin.PEER));
    }
}
