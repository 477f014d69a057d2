package dev.bulwark.server.crypto;

import com.google.crypto.tink.Aead;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.text.ParseException;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.UUID;

/**
 * Makes ES256 key pairs and seals their private half for storage with the server's AEAD.
 *
 * <p>Security guarantee: a sealed key is bound to its purpose and key id by associated data ({@code
 * <purpose>:<kid>}), so a ciphertext copied to another row or table does not open.
 */
public final class EcKeySealer {
    private final Aead aead;
    private final String purpose;

    /** A sealer for keys of {@code purpose}, for example {@code bulwark:signing-key}. */
    public EcKeySealer(Aead aead, String purpose) {
        this.aead = aead;
        this.purpose = purpose;
    }

    /** A new P-256 signing key with a random id. */
    public static ECKey generate(Instant now) {
        try {
            return new ECKeyGenerator(Curve.P_256)
                    .keyID(UUID.randomUUID().toString())
                    .keyUse(KeyUse.SIGNATURE)
                    .algorithm(JWSAlgorithm.ES256)
                    .issueTime(Date.from(now))
                    .generate();
        } catch (JOSEException e) {
            throw new IllegalStateException("An ES256 key could not be generated", e);
        }
    }

    /** The private JWK encrypted, base64. */
    public String seal(ECKey key) {
        try {
            byte[] ciphertext =
                    aead.encrypt(key.toJSONString().getBytes(StandardCharsets.UTF_8), associatedData(key.getKeyID()));
            return Base64.getEncoder().encodeToString(ciphertext);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A signing key could not be encrypted", e);
        }
    }

    /**
     * The key sealed by {@link #seal}.
     *
     * @throws IllegalStateException when it does not open (another server key set, or a ciphertext moved)
     */
    public ECKey open(String kid, String sealed) {
        try {
            byte[] json = aead.decrypt(Base64.getDecoder().decode(sealed), associatedData(kid));
            return ECKey.parse(new String(json, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | ParseException e) {
            throw new IllegalStateException("Signing key " + kid + " could not be decrypted", e);
        }
    }

    private byte[] associatedData(String kid) {
        return (purpose + ":" + kid).getBytes(StandardCharsets.UTF_8);
    }
}
