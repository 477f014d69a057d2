package dev.bulwark.server.auth;

import com.google.crypto.tink.Aead;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import dev.bulwark.server.db.Transactions;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The ES256 key set that signs access tokens.
 *
 * <p>Private keys are stored encrypted with the server's Tink key set (associated data: the key id). A new key
 * becomes current when the newest one is older than the rotation period; the previous keys stay published at
 * the JWKS endpoint until every token they signed has expired.
 */
public final class SigningKeys {
    private static final String ALGORITHM = "ES256";

    private final Transactions tx;
    private final Aead aead;
    private final Duration rotation;
    private final Duration tokenLifetime;
    private final Clock clock;
    private volatile List<StoredKey> keys;

    private record StoredKey(ECKey key, Instant createdAt, Instant retiredAt) {}

    private SigningKeys(Transactions tx, Aead aead, Duration rotation, Duration tokenLifetime, Clock clock) {
        this.tx = tx;
        this.aead = aead;
        this.rotation = rotation;
        this.tokenLifetime = tokenLifetime;
        this.clock = clock;
    }

    /** Loads the stored keys and makes a new current key when there is none or it is due for rotation. */
    public static SigningKeys load(Transactions tx, Aead aead, Duration rotation, Duration tokenLifetime, Clock clock) {
        SigningKeys keys = new SigningKeys(tx, aead, rotation, tokenLifetime, clock);
        keys.reload();
        keys.rotateIfDue();
        return keys;
    }

    /** The key that signs new tokens; rotates first when it is due. */
    public ECKey current() {
        rotateIfDue();
        return keys.getFirst().key();
    }

    /** The public key with id {@code kid}, if it may still verify tokens. */
    public Optional<ECKey> verificationKey(String kid) {
        return keys.stream()
                .filter(k -> k.key().getKeyID().equals(kid))
                .filter(this::stillVerifies)
                .map(k -> k.key().toPublicJWK())
                .findFirst();
    }

    /** The public keys that may verify tokens, as published at {@code /.well-known/jwks.json}. */
    public JWKSet publicKeys() {
        return new JWKSet(keys.stream()
                .filter(this::stillVerifies)
                .map(k -> (com.nimbusds.jose.jwk.JWK) k.key().toPublicJWK())
                .toList());
    }

    /** When the current key was made; for the posture report. */
    public Instant currentKeyCreatedAt() {
        return keys.getFirst().createdAt();
    }

    private boolean stillVerifies(StoredKey k) {
        return k.retiredAt() == null || k.retiredAt().plus(tokenLifetime).isAfter(clock.instant());
    }

    private synchronized void rotateIfDue() {
        Instant now = clock.instant();
        if (keys.isEmpty() || keys.getFirst().createdAt().plus(rotation).isBefore(now)) {
            rotate(now);
        }
    }

    private void rotate(Instant now) {
        ECKey key;
        try {
            key = new ECKeyGenerator(Curve.P_256)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .issueTime(java.util.Date.from(now))
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("An ES256 key could not be generated", e);
        }
        String encrypted = encrypt(key);
        tx.write(c -> {
            try (PreparedStatement retire =
                    c.prepareStatement("UPDATE signing_key SET retired_at = ? WHERE retired_at IS NULL")) {
                retire.setTimestamp(1, Timestamp.from(now));
                retire.executeUpdate();
            }
            try (PreparedStatement s = c.prepareStatement("""
                    INSERT INTO signing_key (kid, algorithm, public_jwk, encrypted_private_jwk, created_at)
                    VALUES (?, ?, ?, ?, ?)
                    """)) {
                s.setString(1, key.getKeyID());
                s.setString(2, ALGORITHM);
                s.setString(3, key.toPublicJWK().toJSONString());
                s.setString(4, encrypted);
                s.setTimestamp(5, Timestamp.from(now));
                return s.executeUpdate();
            }
        });
        reload();
    }

    private void reload() {
        List<StoredKey> loaded = tx.read(c -> {
            List<StoredKey> list = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement(
                            "SELECT kid, encrypted_private_jwk, created_at, retired_at FROM signing_key");
                    ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    Timestamp retired = r.getTimestamp("retired_at");
                    list.add(new StoredKey(
                            decrypt(r.getString("kid"), r.getString("encrypted_private_jwk")),
                            r.getTimestamp("created_at").toInstant(),
                            retired == null ? null : retired.toInstant()));
                }
            }
            return list;
        });
        loaded.sort(Comparator.comparing(StoredKey::createdAt).reversed());
        keys = List.copyOf(loaded);
    }

    private String encrypt(ECKey key) {
        try {
            byte[] ciphertext =
                    aead.encrypt(key.toJSONString().getBytes(StandardCharsets.UTF_8), associatedData(key.getKeyID()));
            return Base64.getEncoder().encodeToString(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A signing key could not be encrypted", e);
        }
    }

    private ECKey decrypt(String kid, String encrypted) {
        try {
            byte[] json = aead.decrypt(Base64.getDecoder().decode(encrypted), associatedData(kid));
            return ECKey.parse(new String(json, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | ParseException e) {
            throw new IllegalStateException("Signing key " + kid + " could not be decrypted", e);
        }
    }

    private static byte[] associatedData(String kid) {
        return ("bulwark:signing-key:" + kid).getBytes(StandardCharsets.UTF_8);
    }
}
