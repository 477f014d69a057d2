package dev.bulwark.model.vault;

/**
 * One key of the vault's data key set and how many stored values it encrypts.
 *
 * @param keyId the key's id in the key set
 * @param state {@code PRIMARY} (encrypts new values), {@code ENABLED} (still decrypts) or {@code DISABLED}
 * @param values encrypted values under this key
 */
public record KeyUsage(long keyId, String state, long values) {}
