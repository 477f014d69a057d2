package dev.bulwark.server.http;

import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A block of IPv4 or IPv6 addresses, written {@code 10.0.0.0/8} or {@code fd00::/8}; a bare address is the block
 * of that one address. Addresses are read as literals only (never looked up in DNS) and strictly: dotted quads
 * without leading zeros or shorthand ({@code 127.1}), IPv6 without a zone; an IPv4-mapped IPv6 address is its IPv4
 * address.
 *
 * @param network the first address of the block; no bits are set after the prefix
 * @param prefix how many leading bits every address of the block shares
 */
public record Cidr(InetAddress network, int prefix) {
    private static final Pattern DOTTED_QUAD = Pattern.compile("(0|[1-9][0-9]{0,2})(\\.(0|[1-9][0-9]{0,2})){3}");

    public Cidr {
        int bits = network.getAddress().length * 8;
        if (prefix < 0 || prefix > bits) {
            throw new IllegalArgumentException(
                    "the prefix of " + network.getHostAddress() + " must be between 0 and " + bits);
        }
        byte[] bytes = network.getAddress();
        for (int bit = prefix; bit < bits; bit++) {
            if ((bytes[bit / 8] & (0x80 >>> (bit % 8))) != 0) {
                throw new IllegalArgumentException(network.getHostAddress() + "/" + prefix
                        + " has address bits set after its prefix; write " + new Cidr(masked(bytes, prefix), prefix));
            }
        }
    }

    /**
     * Reads {@code 10.0.0.0/8}, {@code 2001:db8::/32} or a bare address.
     *
     * @throws IllegalArgumentException with the reason, for a block that is not written as above
     */
    public static Cidr parse(String text) {
        String trimmed = text.strip();
        int slash = trimmed.indexOf('/');
        String address = slash < 0 ? trimmed : trimmed.substring(0, slash);
        InetAddress network = address(address)
                .orElseThrow(() -> new IllegalArgumentException("\"" + trimmed + "\" is not an IP address or block"));
        if (slash < 0) {
            return new Cidr(network, network.getAddress().length * 8);
        }
        String bits = trimmed.substring(slash + 1);
        if (!bits.matches("[0-9]{1,3}")) {
            throw new IllegalArgumentException("\"" + trimmed + "\" has no prefix length after the /");
        }
        return new Cidr(network, Integer.parseInt(bits));
    }

    /**
     * The address {@code text} names, read as a literal (no DNS), or empty when it names none: an IPv4 dotted quad,
     * an IPv6 address with or without brackets, no port, no zone.
     */
    public static Optional<InetAddress> address(String text) {
        String s = text.strip();
        if (s.startsWith("[") && s.endsWith("]")) {
            s = s.substring(1, s.length() - 1);
        }
        if (s.isEmpty() || s.indexOf('%') >= 0) {
            return Optional.empty();
        }
        if (s.indexOf(':') < 0 && !DOTTED_QUAD.matcher(s).matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(InetAddress.ofLiteral(s));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Whether {@code address} is in this block; an IPv4 block holds no IPv6 address and the reverse. */
    public boolean contains(InetAddress address) {
        if ((address instanceof Inet4Address) != (network instanceof Inet4Address)) {
            return false;
        }
        byte[] a = address.getAddress();
        byte[] n = network.getAddress();
        int whole = prefix / 8;
        for (int i = 0; i < whole; i++) {
            if (a[i] != n[i]) {
                return false;
            }
        }
        int rest = prefix % 8;
        if (rest == 0) {
            return true;
        }
        int mask = (0xFF << (8 - rest)) & 0xFF;
        return (a[whole] & mask) == (n[whole] & mask);
    }

    @Override
    public String toString() {
        return network.getHostAddress() + "/" + prefix;
    }

    private static InetAddress masked(byte[] bytes, int prefix) {
        byte[] out = bytes.clone();
        for (int bit = prefix; bit < out.length * 8; bit++) {
            out[bit / 8] &= (byte) ~(0x80 >>> (bit % 8));
        }
        try {
            return InetAddress.getByAddress(out);
        } catch (UnknownHostException e) {
            throw new IllegalStateException(e);
        }
    }
}
