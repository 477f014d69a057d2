package dev.bulwark.server.tls;

import java.io.IOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** A small certificate authority for tests: a CA certificate and server certificates it signs. */
public final class TestCertificates {
    private final KeyPair caKeys;
    private final X509Certificate ca;

    public TestCertificates() throws Exception {
        caKeys = ecKeys();
        X500Name name = new X500Name("CN=Bulwark Test CA");
        var builder = new JcaX509v3CertificateBuilder(
                        name, BigInteger.ONE, notBefore(), notAfter(), name, caKeys.getPublic())
                .addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
        ca = new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
    }

    /** A key store holding the CA as a trust anchor, as a client's authorities. */
    public KeyStore authorities() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setCertificateEntry("test-ca", ca);
        return store;
    }

    /** Writes a server certificate signed by the CA for {@code ipAddress} and its key as PEM files into {@code dir}. */
    public IssuedCertificate issue(Path dir, String ipAddress) throws Exception {
        KeyPair keys = ecKeys();
        var builder = new JcaX509v3CertificateBuilder(
                        ca,
                        BigInteger.valueOf(System.nanoTime()),
                        notBefore(),
                        notAfter(),
                        new X500Name("CN=" + ipAddress),
                        keys.getPublic())
                .addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(new GeneralName(GeneralName.iPAddress, ipAddress)));
        X509Certificate leaf = new JcaX509CertificateConverter()
                .getCertificate(
                        builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(caKeys.getPrivate())));
        Files.createDirectories(dir);
        Path certificate = dir.resolve("server.pem");
        Path key = dir.resolve("server-key.pem");
        Files.writeString(certificate, pem("CERTIFICATE", leaf.getEncoded()) + pem("CERTIFICATE", ca.getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", keys.getPrivate().getEncoded()));
        Files.setPosixFilePermissions(key, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        return new IssuedCertificate(certificate, key, leaf);
    }

    /** The CA certificate as PEM, as an administrator pastes it to pin a receiver. */
    public String caPem() throws IOException {
        try {
            return pem("CERTIFICATE", ca.getEncoded());
        } catch (java.security.cert.CertificateEncodingException e) {
            throw new IOException(e);
        }
    }

    /** A TLS context that serves {@code issued} (its chain and key), for a test server. */
    public javax.net.ssl.SSLContext serverContext(IssuedCertificate issued) throws Exception {
        String keyPem = Files.readString(issued.key())
                .replaceAll("-----[A-Z ]+-----", "")
                .replaceAll("\\s", "");
        java.security.PrivateKey key = java.security.KeyFactory.getInstance("EC")
                .generatePrivate(new java.security.spec.PKCS8EncodedKeySpec(
                        Base64.getDecoder().decode(keyPem)));
        KeyStore store = KeyStore.getInstance("PKCS12");
        store.load(null, null);
        store.setKeyEntry("server", key, new char[0], new java.security.cert.Certificate[] {issued.leaf(), ca});
        javax.net.ssl.KeyManagerFactory keys =
                javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, new char[0]);
        javax.net.ssl.SSLContext context = javax.net.ssl.SSLContext.getInstance("TLS");
        context.init(keys.getKeyManagers(), null, null);
        return context;
    }

    /** The PEM files of an issued certificate. */
    public record IssuedCertificate(Path certificate, Path key, X509Certificate leaf) {}

    private static KeyPair ecKeys() throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
        generator.initialize(new ECGenParameterSpec("secp256r1"));
        return generator.generateKeyPair();
    }

    private static Date notBefore() {
        return Date.from(Instant.now().minus(Duration.ofHours(1)));
    }

    private static Date notAfter() {
        return Date.from(Instant.now().plus(Duration.ofDays(30)));
    }

    private static String pem(String type, byte[] der) throws IOException {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
