package dev.bulwark.server.oidc;

import com.google.crypto.tink.Aead;
import dev.bulwark.model.Secret;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;

/**
 * Seals provider client secrets and the server's PKCE verifiers with the server key set (AES-256-GCM).
 *
 * <p>Security guarantee: each ciphertext is bound by associated data to its provider id or its sign-in's state
 * hash, so a sealed value copied to another row does not open; a value that does not open raises {@link
 * ProviderException} without any part of it.
 */
final class ClientSecrets {
    private final Aead aead;

    ClientSecrets(Aead aead) {
        this.aead = aead;
    }

    String sealClientSecret(UUID providerId, Secret secret) {
        return seal(secret, "bulwark:oidc-client-secret:" + providerId);
    }

    Secret openClientSecret(UUID providerId, String sealed) {
        return open(sealed, "bulwark:oidc-client-secret:" + providerId);
    }

    String sealVerifier(String stateHash, Secret verifier) {
        return seal(verifier, "bulwark:oidc-verifier:" + stateHash);
    }

    Secret openVerifier(String stateHash, String sealed) {
        return open(sealed, "bulwark:oidc-verifier:" + stateHash);
    }

    private String seal(Secret value, String associatedData) {
        try {
            return Base64.getEncoder()
                    .encodeToString(aead.encrypt(
                            value.reveal().getBytes(StandardCharsets.UTF_8),
                            associatedData.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A sign-in provider value could not be encrypted", e);
        }
    }

    private Secret open(String sealed, String associatedData) {
        try {
            byte[] plain =
                    aead.decrypt(Base64.getDecoder().decode(sealed), associatedData.getBytes(StandardCharsets.UTF_8));
            return Secret.of(new String(plain, StandardCharsets.UTF_8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new ProviderException("A stored sign-in provider value does not decrypt with this server's key set.");
        }
    }
}
