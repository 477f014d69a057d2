package dev.bulwark.server.audit;

/**
 * One field of an entity before and after a change, turned into an {@link AuditDiff} by {@link
 * AuditDiff#of(java.util.Set, java.util.List)}. Values must be plain: text, numbers, booleans, ids, enums, instants,
 * or maps and collections of those; anything else (a {@code Secret} above all) is refused.
 *
 * @param field the field's name in the API
 * @param before the old value, or {@code null}
 * @param after the new value, or {@code null}
 */
public record FieldChange(String field, Object before, Object after) {}
