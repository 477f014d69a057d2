package dev.bulwark.model.vault;

/**
 * A custom field of an entry as the server shows it. The value of a secret field is never in an entry's
 * details: read it with a reveal of field {@code name}.
 *
 * @param name unique within the entry, 1–64 characters, not {@code secret} or {@code notes}
 * @param secret whether the value is encrypted and revealed on request only
 * @param value the value of a non-secret field; {@code null} for a secret one
 */
public record CustomField(String name, boolean secret, String value) {}
