package dev.bulwark.server.tls;

import dev.bulwark.model.client.ServerTrust;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.crypto.OwnerOnlyFiles;
import io.helidon.common.tls.Tls;
import java.io.IOException;
import java.io.Reader;
import java.math.BigInteger;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * The standalone server's TLS certificate and key: PEM files named by {@code tls.certificate} and {@code
 * tls.private-key}, or else a self-signed EC P-256 certificate in the data directory that {@code init} (or the
 * first {@code serve}) creates.
 *
 * <p>Guarantee: the listener speaks TLS 1.3 and 1.2 only. A key file in the data directory is written readable
 * by its owner only, and a key file others may read is refused, like the master key file. The private key never
 * appears in a log, a message or {@code toString}.
 */
public final class ServerCertificate {
    /** The self-signed certificate's file in the data directory. */
    public static final String CERTIFICATE_FILE = "tls-certificate.pem";
    /** Its private key's file in the data directory. */
    public static final String KEY_FILE = "tls-private-key.pem";
    /** The protocols the listener accepts. */
    public static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final Duration SELF_SIGNED_VALIDITY = Duration.ofDays(825);

    private final List<X509Certificate> chain;
    private final PrivateKey key;
    private final Path certificateFile;

    private ServerCertificate(List<X509Certificate> chain, PrivateKey key, Path certificateFile) {
        this.chain = List.copyOf(chain);
        this.key = key;
        this.certificateFile = certificateFile;
    }

    /** The certificate file this server uses, configured or in the data directory. */
    public static Path certificateFile(ServerSettings settings) {
        return settings.tls().certificate().orElse(settings.dataDirectory().resolve(CERTIFICATE_FILE));
    }

    /** The private key file this server uses, configured or in the data directory. */
    public static Path keyFile(ServerSettings settings) {
        return settings.tls().privateKey().orElse(settings.dataDirectory().resolve(KEY_FILE));
    }

    /**
     * Creates the self-signed certificate in the data directory when no certificate is configured and none is
     * there yet.
     *
     * @return whether a certificate was created
     * @throws StartupException when the files cannot be written
     */
    public static boolean ensureSelfSigned(ServerSettings settings, Clock clock) {
        if (settings.tls().configured()) {
            return false;
        }
        Path certificate = certificateFile(settings);
        Path key = keyFile(settings);
        if (Files.exists(certificate) || Files.exists(key)) {
            return false;
        }
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X509Certificate cert = selfSigned(pair, names(settings.http().host()), clock.instant());
            if (Files.notExists(key.getParent())) {
                Files.createDirectories(
                        key.getParent(),
                        PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            OwnerOnlyFiles.write(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
            Files.writeString(certificate, pem("CERTIFICATE", cert.getEncoded()), StandardCharsets.US_ASCII);
            return true;
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException("EC P-256 certificates cannot be made on this Java runtime", e);
        } catch (IOException e) {
            throw new StartupException(
                    "The TLS certificate could not be written to " + certificate.getParent() + ".", e);
        }
    }

    /**
     * Reads the certificate chain and key this server uses.
     *
     * @throws StartupException naming the file, when one is missing, unreadable, not PEM, readable by others
     *     (the key), or when key and certificate do not belong together
     */
    public static ServerCertificate load(ServerSettings settings) {
        Path certificate = certificateFile(settings);
        Path keyPath = keyFile(settings);
        if (Files.notExists(certificate) || Files.notExists(keyPath)) {
            throw new StartupException("No TLS certificate found at " + certificate + " and " + keyPath
                    + ". Run bulwark-server init to create a self-signed one, set tls.certificate and"
                    + " tls.private-key (BULWARK_TLS_CERTIFICATE, BULWARK_TLS_PRIVATE_KEY), or start with"
                    + " --plain-http on 127.0.0.1.");
        }
        List<X509Certificate> chain = readChain(certificate);
        PrivateKey key = readKey(keyPath);
        if (!belongTogether(key, chain.getFirst())) {
            throw new StartupException(
                    "The TLS private key " + keyPath + " does not belong to the certificate " + certificate + ".");
        }
        return new ServerCertificate(chain, key, certificate);
    }

    /** The Helidon TLS configuration: this certificate, TLS 1.3 and 1.2 only. */
    public Tls tls() {
        return Tls.builder()
                .privateKey(key)
                .privateKeyCertChain(chain)
                .enabledProtocols(PROTOCOLS)
                .build();
    }

    /** The leaf certificate. */
    public X509Certificate leaf() {
        return chain.getFirst();
    }

    /** Where the certificate was read from. */
    public Path file() {
        return certificateFile;
    }

    /** Whether the leaf signed itself (nobody vouches for it: clients pin its fingerprint). */
    public boolean selfSigned() {
        return isSelfSigned(leaf());
    }

    /** The SHA-256 fingerprint of the leaf, as clients show it: {@code AB:CD:...}. */
    public String fingerprint() {
        return fingerprint(leaf());
    }

    /** The SHA-256 fingerprint of {@code certificate}'s DER encoding, upper-case hex pairs joined by colons. */
    public static String fingerprint(X509Certificate certificate) {
        return ServerTrust.fingerprint(certificate);
    }

    static boolean isSelfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    /** Reads the certificate chain of {@code file}. */
    public static List<X509Certificate> readChain(Path file) {
        try (var in = Files.newInputStream(file)) {
            List<X509Certificate> chain = new ArrayList<>();
            for (var c : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                chain.add((X509Certificate) c);
            }
            if (chain.isEmpty()) {
                throw new StartupException("The TLS certificate file " + file + " holds no PEM certificate.");
            }
            return chain;
        } catch (CertificateException e) {
            throw new StartupException("The TLS certificate file " + file + " is not a PEM certificate.", e);
        } catch (IOException e) {
            throw new StartupException("The TLS certificate file " + file + " cannot be read.", e);
        }
    }

    private static PrivateKey readKey(Path file) {
        try {
            if (OwnerOnlyFiles.accessOf(file) == OwnerOnlyFiles.Access.SHARED) {
                throw new StartupException(
                        "The TLS private key file " + file + " can be read by other users. Run: chmod 600 " + file);
            }
        } catch (IOException e) {
            throw new StartupException("The permissions of the TLS private key file " + file + " cannot be read.", e);
        }
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(reader)) {
            Object object = parser.readObject();
            JcaPEMKeyConverter converter = new JcaPEMKeyConverter();
            return switch (object) {
                case PrivateKeyInfo info -> converter.getPrivateKey(info);
                case PEMKeyPair pair -> converter.getKeyPair(pair).getPrivate();
                case null, default ->
                    throw new StartupException("The TLS private key file " + file
                            + " must hold one unencrypted PEM private key (BEGIN PRIVATE KEY, BEGIN EC PRIVATE KEY"
                            + " or BEGIN RSA PRIVATE KEY).");
            };
        } catch (IOException e) {
            throw new StartupException("The TLS private key file " + file + " cannot be read as PEM.");
        }
    }

    private static boolean belongTogether(PrivateKey key, X509Certificate certificate) {
        String algorithm =
                switch (key.getAlgorithm()) {
                    case "EC" -> "SHA256withECDSA";
                    case "RSA" -> "SHA256withRSA";
                    case "Ed25519", "EdDSA" -> "Ed25519";
                    default -> null;
                };
        if (algorithm == null || !certificate.getPublicKey().getAlgorithm().equals(key.getAlgorithm())) {
            return algorithm == null;
        }
        try {
            byte[] probe = "bulwark-key-check".getBytes(StandardCharsets.US_ASCII);
            java.security.Signature signer = java.security.Signature.getInstance(algorithm);
            signer.initSign(key);
            signer.update(probe);
            byte[] signature = signer.sign();
            java.security.Signature verifier = java.security.Signature.getInstance(algorithm);
            verifier.initVerify(certificate.getPublicKey());
            verifier.update(probe);
            return verifier.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static Set<String> names(String host) {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        if (!host.isBlank() && !host.equals("0.0.0.0") && !host.equals("::") && !host.equals("[::]")) {
            names.add(host.toLowerCase(Locale.ROOT));
        }
        try {
            names.add(InetAddress.getLocalHost().getHostName().toLowerCase(Locale.ROOT));
        } catch (IOException e) {
            // no resolvable host name: the loopback names remain
        }
        return names;
    }

    private static X509Certificate selfSigned(KeyPair pair, Set<String> names, Instant now)
            throws GeneralSecurityException, OperatorCreationException {
        X500Name subject = new X500Name("CN=Bulwark server "
                + names.stream()
                        .filter(n -> !n.equals("localhost") && !isAddress(n))
                        .findFirst()
                        .orElse("localhost"));
        List<GeneralName> alternatives = new ArrayList<>();
        for (String name : names) {
            alternatives.add(new GeneralName(isAddress(name) ? GeneralName.iPAddress : GeneralName.dNSName, name));
        }
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(
                subject,
                new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
                java.util.Date.from(now.minus(Duration.ofMinutes(5))),
                java.util.Date.from(now.plus(SELF_SIGNED_VALIDITY)),
                subject,
                pair.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature))
                    .addExtension(
                            Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_serverAuth))
                    .addExtension(
                            Extension.subjectAlternativeName,
                            false,
                            new GeneralNames(alternatives.toArray(GeneralName[]::new)));
        } catch (IOException e) {
            throw new IllegalStateException("The certificate extensions could not be encoded", e);
        }
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    private static boolean isAddress(String name) {
        return name.contains(":") || name.matches("\\d{1,3}(\\.\\d{1,3}){3}");
    }

    private static String pem(String type, byte[] der) {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der);
        return "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n";
    }

    @Override
    public String toString() {
        return "ServerCertificate[" + certificateFile + ", " + fingerprint() + "]";
    }
}
