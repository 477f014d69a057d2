package dev.bulwark.server.user;

/**
 * One field of an entity before and after a change, for the audit diff.
 *
 * @param field the field's name in the API
 * @param before the old value, or {@code null}
 * @param after the new value, or {@code null}
 */
public record FieldChange(String field, Object before, Object after) {}
