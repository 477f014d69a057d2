package dev.bulwark.model.vault;

/**
 * Tells the server that a secret was copied to the clipboard, for the audit trail.
 *
 * @param field the field copied; {@code null} means {@code secret}
 */
public record CopiedRequest(String field) {}
