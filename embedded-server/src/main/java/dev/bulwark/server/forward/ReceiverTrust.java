package dev.bulwark.server.forward;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * The certificates a receiver's certificate must chain to: the PEM certificates stored with the destination (its CA,
 * or its own self-signed certificate), which pin it, or else the system's authorities. Host names are checked
 * either way.
 */
final class ReceiverTrust {
    private ReceiverTrust() {}

    /** The certificates in {@code pem}; none when it holds none. */
    static List<Certificate> certificates(String pem) {
        try {
            Collection<? extends Certificate> found = CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
            return List.copyOf(found);
        } catch (GeneralSecurityException | RuntimeException e) {
            return List.of();
        }
    }

    /** A TLS context that trusts {@code pem}'s certificates only, or the system's authorities when it is null. */
    static SSLContext context(String pem) {
        try {
            if (pem == null || pem.isBlank()) {
                return SSLContext.getDefault();
            }
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            int i = 0;
            for (Certificate certificate : certificates(pem)) {
                store.setCertificateEntry("pinned-" + i++, certificate);
            }
            TrustManagerFactory trust = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            trust.init(store);
            SSLContext context = SSLContext.getInstance("TLS");
            context.init(null, trust.getTrustManagers(), null);
            return context;
        } catch (GeneralSecurityException | java.io.IOException e) {
            throw new IllegalStateException("The TLS trust of a forwarding destination could not be set up", e);
        }
    }
}
