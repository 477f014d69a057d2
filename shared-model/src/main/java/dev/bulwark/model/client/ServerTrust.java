package dev.bulwark.model.client;

import java.net.Socket;
import java.net.http.HttpClient;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedTrustManager;

/**
 * How the console trusts one server's TLS certificate: through the system's certificate authorities (host name
 * verified), or, once a person has accepted it, through exactly one pinned certificate, named by the SHA-256
 * fingerprint of its DER encoding.
 *
 * <p>Guarantee: with a pin, the connection succeeds only when the server presents that very certificate; any
 * other certificate, CA-signed or not, is refused and reported as {@link Verdict#CHANGED}. Without a pin, a
 * certificate the authorities do not vouch for (or that does not name the host) is refused and reported as
 * {@link Verdict#UNTRUSTED} with its fingerprint, so the person can compare it with the one the server printed.
 * Connections use TLS 1.3 or 1.2 only. One instance serves one server; it is thread-safe.
 */
public final class ServerTrust {
    /** The protocols the console offers. */
    private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

    /** Why a certificate was refused. */
    public enum Verdict {
        /** No pin, and the system's authorities do not vouch for the certificate for this host. */
        UNTRUSTED,
        /** The server presented a certificate other than the pinned one. */
        CHANGED
    }

    /**
     * A refused certificate, for the person to judge.
     *
     * @param verdict why it was refused
     * @param fingerprint the SHA-256 fingerprint of the presented leaf certificate, {@code AB:CD:...}
     * @param subject the leaf's subject name, as the server claims it
     * @param pinnedFingerprint the pinned fingerprint it did not match; empty for {@link Verdict#UNTRUSTED}
     * @param reason the TLS library's reason, for {@link Verdict#UNTRUSTED}
     */
    public record Rejection(
            Verdict verdict, String fingerprint, String subject, String pinnedFingerprint, String reason) {}

    private final X509ExtendedTrustManager authorities;
    private final String pinnedFingerprint;
    private volatile Rejection lastRejection;

    private ServerTrust(X509ExtendedTrustManager authorities, String pinnedFingerprint) {
        this.authorities = authorities;
        this.pinnedFingerprint = pinnedFingerprint == null ? null : normalise(pinnedFingerprint);
    }

    /** Trusts the system's certificate authorities, or only {@code pinnedFingerprint} when it is not null. */
    public static ServerTrust systemOrPinned(String pinnedFingerprint) {
        return of(null, pinnedFingerprint);
    }

    /**
     * Trusts the authorities in {@code authorities} (null: the system's), or only {@code pinnedFingerprint} when it
     * is not null. For an organisation's own authority, and for tests.
     */
    public static ServerTrust of(KeyStore authorities, String pinnedFingerprint) {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init(authorities);
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509ExtendedTrustManager x509) {
                    return new ServerTrust(x509, pinnedFingerprint);
                }
            }
            throw new IllegalStateException("The Java runtime offers no X.509 trust manager");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("The Java runtime's trust store cannot be read", e);
        }
    }

    /** An HTTP client like {@link BulwarkClient#defaultHttpClient()} that trusts servers as this object says. */
    public HttpClient httpClient() {
        try {
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, new TrustManager[] {new Manager()}, null);
            SSLParameters parameters = new SSLParameters();
            parameters.setProtocols(PROTOCOLS);
            return HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .followRedirects(HttpClient.Redirect.NEVER)
                    .sslContext(context)
                    .sslParameters(parameters)
                    .build();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("TLS is not available in this Java runtime", e);
        }
    }

    /** The pinned fingerprint, when a certificate is pinned. */
    public Optional<String> pinnedFingerprint() {
        return Optional.ofNullable(pinnedFingerprint);
    }

    /** The certificate refused last, if any: read it after a call failed with {@code server-unreachable}. */
    public Optional<Rejection> lastRejection() {
        return Optional.ofNullable(lastRejection);
    }

    /** The SHA-256 fingerprint of {@code certificate}'s DER encoding: upper-case hex pairs joined by colons. */
    public static String fingerprint(X509Certificate certificate) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(certificate.getEncoded());
            return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String normalise(String fingerprint) {
        return fingerprint.strip().toUpperCase(Locale.ROOT);
    }

    @Override
    public String toString() {
        return "ServerTrust[" + (pinnedFingerprint == null ? "system authorities" : "pinned " + pinnedFingerprint)
                + "]";
    }

    /** Checks the server's chain; the host name is checked by the authorities' manager (HTTPS identification). */
    private final class Manager extends X509ExtendedTrustManager {
        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            check(chain, () -> authorities.checkServerTrusted(chain, authType, engine));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            check(chain, () -> authorities.checkServerTrusted(chain, authType, socket));
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            check(chain, () -> authorities.checkServerTrusted(chain, authType));
        }

        private void check(X509Certificate[] chain, AuthorityCheck byAuthorities) throws CertificateException {
            if (chain == null || chain.length == 0) {
                throw new CertificateException("The server presented no certificate");
            }
            X509Certificate leaf = chain[0];
            String presented = fingerprint(leaf);
            String subject = leaf.getSubjectX500Principal().getName();
            if (pinnedFingerprint != null) {
                if (presented.equals(pinnedFingerprint)) {
                    return; // the very certificate the person accepted; its dates are the posture report's concern
                }
                lastRejection = new Rejection(Verdict.CHANGED, presented, subject, pinnedFingerprint, "");
                throw new CertificateException("The server's certificate is not the pinned one");
            }
            try {
                byAuthorities.run();
            } catch (CertificateException e) {
                lastRejection = new Rejection(
                        Verdict.UNTRUSTED, presented, subject, "", e.getMessage() == null ? "" : e.getMessage());
                throw e;
            }
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
                throws CertificateException {
            throw new CertificateException("The console does not accept client connections");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
                throws CertificateException {
            throw new CertificateException("The console does not accept client connections");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("The console does not accept client connections");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return authorities.getAcceptedIssuers();
        }
    }

    @FunctionalInterface
    private interface AuthorityCheck {
        void run() throws CertificateException;
    }
}
