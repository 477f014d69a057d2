package dev.bulwark.model.vault;

/**
 * Restores a kept secret value as the new current value.
 *
 * @param version the entry version the change is based on (409 when stale)
 */
public record RestoreVersionRequest(Long version) {}
