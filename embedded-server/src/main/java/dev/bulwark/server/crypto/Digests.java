package dev.bulwark.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 fingerprints of high-entropy secrets (refresh tokens, setup codes, API tokens): stored and looked up
 * instead of the secret itself. Not for passwords, which go through {@link PasswordHasher}.
 */
public final class Digests {
    private Digests() {}

    /** The SHA-256 of {@code value}'s UTF-8 bytes, as 64 lower-case hex digits. */
    public static String sha256Hex(String value) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }
}
