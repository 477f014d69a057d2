package dev.bulwark.server.mfa;

import com.google.crypto.tink.Aead;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.UUID;

/**
 * Seals authenticator secrets with the server's key set. The associated data names the user, so a sealed secret
 * copied to another user's row does not open.
 */
final class TotpSecrets {
    private final Aead aead;

    TotpSecrets(Aead aead) {
        this.aead = aead;
    }

    String seal(UUID userId, byte[] secret) {
        try {
            return Base64.getEncoder().encodeToString(aead.encrypt(secret, associatedData(userId)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("An authenticator secret could not be encrypted", e);
        }
    }

    byte[] open(UUID userId, JdbcMfaRepository.StoredTotp stored) {
        try {
            return aead.decrypt(Base64.getDecoder().decode(stored.secretSealed()), associatedData(userId));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("A stored authenticator secret could not be decrypted", e);
        }
    }

    private static byte[] associatedData(UUID userId) {
        return ("mfa-totp|" + userId).getBytes(StandardCharsets.UTF_8);
    }
}
