package dev.bulwark.server.vault;

/**
 * A vault value that cannot be encrypted or decrypted: never expected, so it reaches the client as a 500 with an
 * incident id, and the log names the entry and field, never a value.
 */
public final class VaultCryptoException extends RuntimeException {
    public VaultCryptoException(String message, Throwable cause) {
        super(message, cause);
    }
}
