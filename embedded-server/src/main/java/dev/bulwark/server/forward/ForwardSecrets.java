package dev.bulwark.server.forward;

import com.google.crypto.tink.Aead;
import dev.bulwark.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;

/**
 * Seals forwarding destinations' HMAC keys with the server key set (AES-256-GCM).
 *
 * <p>Security guarantee: each ciphertext is bound by associated data to its destination id, so a sealed key copied
 * to another row does not open; a key that does not open raises {@link IllegalStateException} without any part of
 * it.
 */
final class ForwardSecrets {
    private final Aead aead;

    ForwardSecrets(Aead aead) {
        this.aead = aead;
    }

    String seal(UUID destinationId, Secret secret) {
        try {
            return Base64.getEncoder()
                    .encodeToString(aead.encrypt(
                            secret.reveal().getBytes(StandardCharsets.UTF_8), associatedData(destinationId)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A forwarding key could not be encrypted", e);
        }
    }

    Secret open(UUID destinationId, String sealed) {
        try {
            byte[] plain = aead.decrypt(Base64.getDecoder().decode(sealed), associatedData(destinationId));
            return Secret.of(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IllegalStateException("A stored forwarding key does not decrypt with this server's key set.");
        }
    }

    private static byte[] associatedData(UUID destinationId) {
        return ("bulwark:forward-secret:" + destinationId).getBytes(StandardCharsets.UTF_8);
    }
}
