package dev.bulwark.server.oidc;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * Which addresses the server may fetch from on a provider's behalf (docs/decisions/0027): discovery documents,
 * key sets and token endpoints are fetched by the server, so a provider URL must not make it reach into its own
 * network.
 *
 * <p>Guarantee: a URL passes only when it is {@code https} and every address its host resolves to is public (not
 * loopback, private, link-local, carrier-grade NAT, unique-local, multicast, unspecified, or an IPv4-mapped or
 * NAT64 form of one; the cloud metadata address 169.254.169.254 is link-local). With {@code
 * oidc.allow-insecure-loopback} a loopback IP literal ({@code 127.x.x.x}, {@code [::1]}) is accepted over http or
 * https, for a provider on the same machine in development; a host name that resolves to loopback is still
 * refused. Callers check before every fetch, not only when a provider is saved, since DNS answers change.
 */
final class ProviderAddresses {
    private final boolean allowInsecureLoopback;

    ProviderAddresses(boolean allowInsecureLoopback) {
        this.allowInsecureLoopback = allowInsecureLoopback;
    }

    /**
     * Checks that {@code url} may be fetched.
     *
     * @param what what the URL is, for the sentence, for example "issuer"
     * @throws ProviderException with a sentence naming what is wrong
     */
    void check(URI url, String what) {
        check(url, what, true);
    }

    private void check(URI url, String what, boolean mustResolve) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        String host = url.getHost();
        if (host == null || host.isEmpty() || url.getRawUserInfo() != null) {
            throw new ProviderException("The " + what + " " + describe(url) + " names no plain host.");
        }
        boolean loopbackLiteral = isLoopbackLiteral(host);
        if (allowInsecureLoopback && loopbackLiteral && ("https".equals(scheme) || "http".equals(scheme))) {
            return;
        }
        if (!"https".equals(scheme)) {
            throw new ProviderException("The " + what + " " + describe(url) + " is not an https URL.");
        }
        InetAddress[] addresses;
        try {
            addresses = InetAddress.getAllByName(unbracket(host));
        } catch (UnknownHostException e) {
            if (!mustResolve) {
                return;
            }
            throw new ProviderException("The host of the " + what + " " + describe(url) + " could not be resolved.");
        }
        for (InetAddress address : addresses) {
            if (!isPublic(address)) {
                throw new ProviderException("The " + what + " " + describe(url) + " points to the address "
                        + address.getHostAddress() + ", which is not a public address; the server does not fetch"
                        + " from its own network.");
            }
        }
    }

    /**
     * Why {@code url} may not be saved, or null: as {@link #check}, except that a host that does not resolve yet is
     * accepted (it is checked again at every fetch).
     */
    String refusal(URI url, String what) {
        try {
            check(url, what, false);
            return null;
        } catch (ProviderException e) {
            return e.getMessage();
        }
    }

    /** Whether {@code url}'s scheme may be used: https, or http on a loopback IP literal under the setting. */
    boolean schemeAllowed(URI url) {
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        return "https".equals(scheme)
                || ("http".equals(scheme)
                        && allowInsecureLoopback
                        && url.getHost() != null
                        && isLoopbackLiteral(url.getHost()));
    }

    /** A loopback IP written as such: 127.0.0.0/8 or ::1, never a name. */
    static boolean isLoopbackLiteral(String host) {
        String bare = unbracket(host);
        if (bare.matches("127\\.\\d{1,3}\\.\\d{1,3}\\.\\d{1,3}")) {
            return true;
        }
        if (bare.contains(":")) {
            try {
                return InetAddress.getByName(bare).isLoopbackAddress();
            } catch (UnknownHostException e) {
                return false;
            }
        }
        return false;
    }

    /** Whether {@code address} is on the public internet. */
    static boolean isPublic(InetAddress address) {
        if (address.isAnyLocalAddress()
                || address.isLoopbackAddress()
                || address.isLinkLocalAddress()
                || address.isSiteLocalAddress()
                || address.isMulticastAddress()) {
            return false;
        }
        byte[] b = address.getAddress();
        if (address instanceof Inet4Address) {
            int first = b[0] & 0xff;
            int second = b[1] & 0xff;
            return first != 0 // "this network"
                    && !(first == 100 && second >= 64 && second < 128) // carrier-grade NAT 100.64.0.0/10
                    && !(first == 192 && second == 0 && (b[2] & 0xff) == 0) // IETF protocol assignments
                    && !(first == 198 && (second == 18 || second == 19)) // benchmarking
                    && first < 240; // reserved and broadcast
        }
        if (address instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) { // unique local fc00::/7 (fd00::/8 included)
                return false;
            }
            if (first == 0xfe && (b[1] & 0xc0) == 0xc0) { // deprecated site-local fec0::/10
                return false;
            }
            if (isEmbeddedIpv4(b)) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }

    /** IPv4-mapped (::ffff:a.b.c.d), IPv4-compatible (::a.b.c.d) or NAT64 (64:ff9b::a.b.c.d). */
    private static boolean isEmbeddedIpv4(byte[] b) {
        boolean zeroPrefix = true;
        for (int i = 0; i < 10; i++) {
            zeroPrefix &= b[i] == 0;
        }
        boolean mapped = zeroPrefix && (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
        boolean compatible = zeroPrefix && b[10] == 0 && b[11] == 0;
        boolean nat64 =
                (b[0] & 0xff) == 0x00 && (b[1] & 0xff) == 0x64 && (b[2] & 0xff) == 0xff && (b[3] & 0xff) == 0x9b;
        return mapped || compatible || nat64;
    }

    private static String unbracket(String host) {
        return host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
    }

    private static String describe(URI url) {
        String text = url.getScheme() + "://" + url.getHost() + (url.getPort() < 0 ? "" : ":" + url.getPort());
        return text.length() > 120 ? text.substring(0, 120) : text;
    }
}
