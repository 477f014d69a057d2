package dev.bulwark.server.audit;

import com.google.crypto.tink.Aead;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.server.crypto.EcKeySealer;
import dev.bulwark.server.db.Transactions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ES256 key that signs audit checkpoints.
 *
 * <p>A checkpoint's signature is a compact JWS whose payload is {@code {"seq":N,"hash":"..","createdAt":".."}},
 * verifiable by anyone with the published public key. The private key is stored encrypted with the server's
 * Tink key set (associated data {@code bulwark:audit-key:<kid>}); it is made on first start.
 */
public final class CheckpointKeys {
    private static final JOSEObjectType TYPE = new JOSEObjectType("bulwark-audit-checkpoint+jws");

    private static final JOSEObjectType BUNDLE_TYPE = new JOSEObjectType("bulwark-audit-bundle+jws");

    private final ECKey signingKey;
    private final EcKeySealer sealer;
    private final ECDSASigner signer; // thread-safe; building one converts the key, which costs more than signing
    private final boolean madeAtLoad;

    private CheckpointKeys(ECKey signingKey, EcKeySealer sealer, boolean madeAtLoad) {
        this.signingKey = signingKey;
        this.sealer = sealer;
        this.madeAtLoad = madeAtLoad;
        try {
            this.signer = new ECDSASigner(signingKey);
        } catch (JOSEException e) {
            throw new IllegalStateException("The audit checkpoint key cannot sign", e);
        }
    }

    /** Loads the newest checkpoint key this server made (one that opens under its key set), or makes one. */
    public static CheckpointKeys load(Transactions tx, Aead aead, Clock clock) {
        EcKeySealer sealer = new EcKeySealer(aead, "bulwark:audit-key");
        Optional<ECKey> stored = tx.read(c -> {
            try (PreparedStatement s = c.prepareStatement(
                            "SELECT kid, encrypted_private_jwk FROM audit_signing_key ORDER BY created_at DESC");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    try {
                        return Optional.of(sealer.open(r.getString("kid"), r.getString("encrypted_private_jwk")));
                    } catch (RuntimeException e) {
                        // not made by this server (an inserted row): the verifier reports it, signing skips it
                    }
                }
                return Optional.<ECKey>empty();
            }
        });
        if (stored.isPresent()) {
            return new CheckpointKeys(stored.get(), sealer, false);
        }
        Instant now = clock.instant();
        ECKey key = EcKeySealer.generate(now);
        String sealed = sealer.seal(key);
        tx.write(c -> {
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO audit_signing_key (kid, algorithm, public_jwk, encrypted_private_jwk, created_at)
                    VALUES (?, 'ES256', ?, ?, ?)
                    """)) {
                s.setString(1, key.getKeyID());
                s.setString(2, key.toPublicJWK().toJSONString());
                s.setString(3, sealed);
                s.setTimestamp(4, Timestamp.from(now));
                return s.executeUpdate();
            }
        });
        return new CheckpointKeys(key, sealer, true);
    }

    /** Whether {@link #load} made the signing key because the server had none that opens under its key set. */
    boolean madeAtLoad() {
        return madeAtLoad;
    }

    /** The id of the key that signs new checkpoints. */
    String keyId() {
        return signingKey.getKeyID();
    }

    /** The RFC 7638 SHA-256 thumbprint of the signing key's public half, as the chain introduces it. */
    String thumbprint() {
        return thumbprint(signingKey);
    }

    /** The RFC 7638 SHA-256 thumbprint (base64url) of {@code key}'s public half: what a key is pinned by. */
    public static String thumbprint(JWK key) {
        try {
            return key.toPublicJWK().computeThumbprint().toString();
        } catch (JOSEException e) {
            throw new IllegalStateException("A key thumbprint could not be computed", e);
        }
    }

    /**
     * The key ids stored with the trail that this server did not make: rows whose private half does not open under
     * its master key, or whose public half (under its own id or the row's) is not the one that private half belongs
     * to. A row someone inserted or replaced cannot pass without the master key (decision 0028).
     */
    Set<String> notMadeHere(Connection c) throws SQLException {
        Set<String> foreign = new TreeSet<>();
        try (PreparedStatement s =
                        c.prepareStatement("SELECT kid, public_jwk, encrypted_private_jwk FROM audit_signing_key");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                String kid = r.getString(1);
                JWK stored = null;
                try {
                    stored = JWK.parse(r.getString(2));
                    ECKey opened = sealer.open(kid, r.getString(3));
                    if (opened.getKeyID().equals(kid)
                            && kid.equals(stored.getKeyID())
                            && thumbprint(opened).equals(thumbprint(stored))) {
                        continue;
                    }
                } catch (ParseException | RuntimeException e) {
                    // does not open or does not parse: not made by this server
                }
                foreign.add(kid);
                if (stored != null && stored.getKeyID() != null) {
                    foreign.add(stored.getKeyID());
                }
            }
        }
        return foreign;
    }

    /** A compact JWS over a bundle header (decision 0028), signed by the current checkpoint key. */
    String signBundleHeader(Map<String, Object> header) {
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(signingKey.getKeyID())
                        .type(BUNDLE_TYPE)
                        .build(),
                new Payload(header));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("An audit bundle header could not be signed", e);
        }
        return jws.serialize();
    }

    /** A compact JWS over the checkpoint. */
    String sign(long seq, String hash, Instant createdAt) {
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(signingKey.getKeyID())
                        .type(TYPE)
                        .build(),
                new Payload(payload(seq, hash, createdAt)));
        try {
            jws.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("An audit checkpoint could not be signed", e);
        }
        return jws.serialize();
    }

    /**
     * Whether {@code signature} is a valid ES256 JWS by key {@code keyId} of {@code publicKeys} over exactly this
     * checkpoint.
     */
    static boolean verify(JWKSet publicKeys, String keyId, long seq, String hash, Instant createdAt, String signature) {
        return new SignatureCheck(publicKeys).verify(keyId, seq, hash, createdAt, signature);
    }

    /**
     * Checks checkpoint signatures against one key set, building each key's verifier once (building one costs
     * more than a verification). Safe to use from several threads at once.
     */
    static final class SignatureCheck {
        private final JWKSet publicKeys;
        private final Map<String, Optional<ECDSAVerifier>> verifiers = new ConcurrentHashMap<>();

        SignatureCheck(JWKSet publicKeys) {
            this.publicKeys = publicKeys;
        }

        /** Whether {@code signature} is a valid ES256 JWS by key {@code keyId} over exactly this checkpoint. */
        boolean verify(String keyId, long seq, String hash, Instant createdAt, String signature) {
            try {
                JWSObject jws = JWSObject.parse(signature);
                Optional<ECDSAVerifier> verifier = verifiers.computeIfAbsent(keyId, this::verifierFor);
                return verifier.isPresent()
                        && JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())
                        && keyId.equals(jws.getHeader().getKeyID())
                        && jws.verify(verifier.get())
                        && payload(seq, hash, createdAt).equals(jws.getPayload().toJSONObject());
            } catch (ParseException | JOSEException e) {
                return false;
            }
        }

        /** A bundle header whose signature verified: the key that signed it and the signed fields. */
        record SignedHeader(String keyId, Map<String, Object> fields) {}

        /** The signed fields of a bundle header and the key that signed them, or empty when the signature is bad. */
        Optional<SignedHeader> bundleHeader(String signature) {
            if (signature == null) {
                return Optional.empty();
            }
            try {
                JWSObject jws = JWSObject.parse(signature);
                String keyId = jws.getHeader().getKeyID();
                if (keyId == null
                        || !JWSAlgorithm.ES256.equals(jws.getHeader().getAlgorithm())
                        || !BUNDLE_TYPE.equals(jws.getHeader().getType())) {
                    return Optional.empty();
                }
                Optional<ECDSAVerifier> verifier = verifiers.computeIfAbsent(keyId, this::verifierFor);
                return verifier.isPresent() && jws.verify(verifier.get())
                        ? Optional.of(new SignedHeader(keyId, jws.getPayload().toJSONObject()))
                        : Optional.empty();
            } catch (ParseException | JOSEException e) {
                return Optional.empty();
            }
        }

        private Optional<ECDSAVerifier> verifierFor(String keyId) {
            JWK key = publicKeys.getKeyByKeyId(keyId);
            try {
                return key instanceof ECKey ec ? Optional.of(new ECDSAVerifier(ec.toPublicJWK())) : Optional.empty();
            } catch (JOSEException e) {
                return Optional.empty();
            }
        }
    }

    /** Every public checkpoint key ever used, from the database (no master key needed). */
    static JWKSet publicKeys(Connection c) throws SQLException {
        List<JWK> keys = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT public_jwk FROM audit_signing_key ORDER BY created_at");
                ResultSet r = s.executeQuery()) {
            while (r.next()) {
                try {
                    keys.add(JWK.parse(r.getString(1)));
                } catch (ParseException e) {
                    // an unreadable key verifies nothing; checkpoints signed with it are reported invalid
                }
            }
        }
        return new JWKSet(keys);
    }

    private static Map<String, Object> payload(long seq, String hash, Instant createdAt) {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("seq", seq);
        p.put("hash", hash);
        p.put("createdAt", DateTimeFormatter.ISO_INSTANT.format(createdAt));
        return p;
    }
}
