package dev.bulwark.desktop.connect;

import dev.bulwark.desktop.ui.UserFacingException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * A server on another host that the console can connect to.
 *
 * @param url the server's base address, {@code scheme://host[:port]} with nothing after it
 * @param pinnedFingerprint the SHA-256 fingerprint of the certificate the person accepted for this server, or
 *     {@code null}: then the system's certificate authorities decide
 */
public record RemoteServer(URI url, String pinnedFingerprint) {

    public RemoteServer {
        if (url == null || url.getHost() == null || !url.isAbsolute()) {
            throw new IllegalArgumentException("A server address needs a scheme and a host");
        }
        if (pinnedFingerprint != null && pinnedFingerprint.isBlank()) {
            pinnedFingerprint = null;
        }
    }

    /** A server without a pinned certificate. */
    public RemoteServer(URI url) {
        this(url, null);
    }

    /** This server with {@code fingerprint} pinned as the only certificate it may present. */
    public RemoteServer withPin(String fingerprint) {
        return new RemoteServer(url, fingerprint);
    }

    /** Whether a certificate is pinned for this server. */
    public boolean isPinned() {
        return pinnedFingerprint != null;
    }

    /** Whether {@code other} is the same address, pinned or not. */
    public boolean sameAddress(RemoteServer other) {
        return other != null && url.equals(other.url);
    }

    /**
     * Reads an address as a person types it: {@code https://host:port}, or {@code host:port} meaning https.
     *
     * @throws UserFacingException when the text is not such an address
     */
    public static RemoteServer parse(String text) {
        String trimmed = text == null ? "" : text.strip();
        if (trimmed.isEmpty()) {
            throw new UserFacingException("Enter the server's address, for example https://bulwark.example.com.");
        }
        String withScheme = trimmed.contains("://") ? trimmed : "https://" + trimmed;
        try {
            URI uri = new URI(withScheme);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            boolean bare = (uri.getRawPath() == null
                            || uri.getRawPath().isEmpty()
                            || uri.getRawPath().equals("/"))
                    && uri.getRawQuery() == null
                    && uri.getRawFragment() == null
                    && uri.getRawUserInfo() == null;
            if (!(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null || !bare) {
                throw notAnAddress(trimmed, null);
            }
            String host = uri.getHost().toLowerCase(Locale.ROOT);
            return new RemoteServer(new URI(scheme, null, host, uri.getPort(), null, null, null));
        } catch (URISyntaxException e) {
            throw notAnAddress(trimmed, e);
        }
    }

    private static UserFacingException notAnAddress(String text, Throwable cause) {
        return new UserFacingException(
                "\"" + text + "\" is not a server address. Use one like https://bulwark.example.com:8443.", cause);
    }

    /** How the address is shown, for example {@code https://bulwark.example.com:8443}. */
    public String display() {
        return url.toString();
    }
}
