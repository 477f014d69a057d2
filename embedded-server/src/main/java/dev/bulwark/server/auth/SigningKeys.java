package dev.bulwark.server.auth;

import com.google.crypto.tink.Aead;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.server.crypto.EcKeySealer;
import dev.bulwark.server.db.Transactions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

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
    private final EcKeySealer sealer;
    private final Duration rotation;
    private final Duration tokenLifetime;
    private final Clock clock;
    private volatile List<StoredKey> keys;

    private record StoredKey(ECKey key, Instant createdAt, Instant retiredAt) {}

    private SigningKeys(Transactions tx, Aead aead, Duration rotation, Duration tokenLifetime, Clock clock) {
        this.tx = tx;
        this.sealer = new EcKeySealer(aead, "bulwark:signing-key");
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
        ECKey key = EcKeySealer.generate(now);
        String encrypted = sealer.seal(key);
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
                            sealer.open(r.getString("kid"), r.getString("encrypted_private_jwk")),
                            r.getTimestamp("created_at").toInstant(),
                            retired == null ? null : retired.toInstant()));
                }
            }
            return list;
        });
        loaded.sort(Comparator.comparing(StoredKey::createdAt).reversed());
        keys = List.copyOf(loaded);
    }
}
