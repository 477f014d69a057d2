package dev.bulwark.server.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Address blocks of {@code server.trusted-proxies}, and the strict reading of address literals. */
class CidrTest {
    private static InetAddress ip(String literal) {
        return InetAddress.ofLiteral(literal);
    }

    @Test
    void anIpv4Block_holdsExactlyTheAddressesUnderItsPrefix() {
        Cidr block = Cidr.parse(" 10.0.0.0/8 ");

        assertThat(block.contains(ip("10.0.0.0"))).isTrue();
        assertThat(block.contains(ip("10.255.255.255"))).isTrue();
        assertThat(block.contains(ip("11.0.0.0"))).isFalse();
        assertThat(block.contains(ip("9.255.255.255"))).isFalse();
        assertThat(block).hasToString("10.0.0.0/8");
    }

    @Test
    void aPrefixThatIsNotAWholeByte_cutsInsideTheByte() {
        Cidr block = Cidr.parse("192.168.4.0/22");

        assertThat(block.contains(ip("192.168.4.1"))).isTrue();
        assertThat(block.contains(ip("192.168.7.254"))).isTrue();
        assertThat(block.contains(ip("192.168.8.0"))).isFalse();
        assertThat(block.contains(ip("192.168.3.255"))).isFalse();
    }

    @Test
    void anIpv6Block_holdsIpv6AddressesUnderItsPrefix() {
        Cidr block = Cidr.parse("2001:db8::/32");

        assertThat(block.contains(ip("2001:db8::1"))).isTrue();
        assertThat(block.contains(ip("2001:db8:ffff:ffff::1"))).isTrue();
        assertThat(block.contains(ip("2001:db9::1"))).isFalse();
        assertThat(Cidr.parse("fc00::/7").contains(ip("fdff::1"))).isTrue();
        assertThat(Cidr.parse("fd00::/8").contains(ip("fc00::1"))).isFalse();
    }

    @Test
    void aBareAddress_isTheBlockOfThatOneAddress() {
        assertThat(Cidr.parse("127.0.0.1")).isEqualTo(Cidr.parse("127.0.0.1/32"));
        assertThat(Cidr.parse("::1")).isEqualTo(Cidr.parse("::1/128"));
        assertThat(Cidr.parse("127.0.0.1").contains(ip("127.0.0.2"))).isFalse();
    }

    @Test
    void ipv4AndIpv6Blocks_neverHoldTheOtherFamily() {
        assertThat(Cidr.parse("0.0.0.0/1").contains(ip("::1"))).isFalse();
        assertThat(Cidr.parse("::/1").contains(ip("1.2.3.4"))).isFalse();
    }

    @Test
    void anIpv4MappedIpv6Address_isItsIpv4Address() {
        assertThat(Cidr.parse("10.0.0.0/8")
                        .contains(Cidr.address("::ffff:10.1.2.3").orElseThrow()))
                .isTrue();
    }

    @Test
    void aBlockWithBitsAfterItsPrefix_isRefusedWithTheBlockMeant() {
        assertThatThrownBy(() -> Cidr.parse("10.1.0.0/8"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("10.1.0.0/8 has address bits set after its prefix; write 10.0.0.0/8");
    }

    @Test
    void badBlocks_areRefusedWithTheirReason() {
        for (String bad : List.of(
                "10.0.0.0/33",
                "::/129",
                "10.0.0.0/",
                "10.0.0.0/-1",
                "10.0.0.0/8/8",
                "10.0.0/8",
                "bulwark.example.com/32",
                "localhost",
                "300.0.0.0/8",
                "fe80::1%eth0/128",
                "")) {
            assertThatThrownBy(() -> Cidr.parse(bad)).as(bad).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void addressLiterals_areReadStrictly_andNeverLookedUp() {
        assertThat(Cidr.address("203.0.113.7")).contains(ip("203.0.113.7"));
        assertThat(Cidr.address(" 2001:DB8::1 ")).contains(ip("2001:db8::1"));
        assertThat(Cidr.address("[2001:db8::1]")).contains(ip("2001:db8::1"));
        for (String notOne : List.of(
                "",
                " ",
                "unknown",
                "localhost",
                "bulwark.example.com",
                "127.1",
                "0177.0.0.1",
                "0x7f.0.0.1",
                "2130706433",
                "1.2.3.4:8080",
                "[2001:db8::1]:443",
                "256.1.1.1",
                "1.2.3.4.5",
                "fe80::1%eth0",
                "_hidden",
                "2001:db8::g")) {
            assertThat(Cidr.address(notOne)).as(notOne).isEmpty();
        }
    }
}
