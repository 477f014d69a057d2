package dev.bulwark.model.vault;

import dev.bulwark.model.Secret;

/**
 * A custom field as a client sends it. Its value is a {@link Secret} either way, so a secret field never
 * prints; on an update a secret field sent without a value keeps the value it had.
 *
 * @param name unique within the entry, 1–64 characters, not {@code secret} or {@code notes}
 * @param secret whether the value is encrypted
 * @param value the value (at most 64 KiB), or {@code null} to keep a secret field's current value
 */
public record CustomFieldInput(String name, boolean secret, Secret value) {
    /** A plain field. */
    public static CustomFieldInput plain(String name, String value) {
        return new CustomFieldInput(name, false, Secret.of(value));
    }

    /** A secret field. */
    public static CustomFieldInput secret(String name, Secret value) {
        return new CustomFieldInput(name, true, value);
    }
}
