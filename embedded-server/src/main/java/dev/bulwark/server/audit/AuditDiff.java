package dev.bulwark.server.audit;

import dev.bulwark.model.audit.AuditChange;
import java.time.Instant;
import java.util.Collections;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * The changed fields of one entity, for an audit record.
 *
 * <p>Masking is an allow-list: the entity declares which of its fields may appear in clear ({@link
 * #forEntity}); the values of every other field are recorded as {@link AuditChange#MASKED}, so a field added
 * later is masked until someone decides otherwise. Values are plain types only (text, numbers, booleans, enums,
 * ids, instants): there is no overload that takes a {@link dev.bulwark.model.Secret}, and {@link
 * #secretChanged} records that a secret changed without any value.
 */
public final class AuditDiff {
    private final Set<String> clearFields;
    private final Map<String, AuditChange> changes = new TreeMap<>();

    private AuditDiff(Set<String> clearFields) {
        this.clearFields = clearFields;
    }

    /** A diff of an entity whose {@code clearFields} may be shown; all its other fields are masked. */
    public static AuditDiff forEntity(Set<String> clearFields) {
        return new AuditDiff(Set.copyOf(clearFields));
    }

    /**
     * The diff of {@code changes} to an entity whose {@code clearFields} may be shown.
     *
     * @throws IllegalArgumentException for a value that is not plain data (a {@code Secret}, for one)
     */
    public static AuditDiff of(Set<String> clearFields, java.util.List<FieldChange> changes) {
        AuditDiff diff = forEntity(clearFields);
        for (FieldChange change : changes) {
            diff.put(change.field(), plain(change.before()), plain(change.after()));
        }
        return diff;
    }

    private static String plain(Object value) {
        return switch (value) {
            case null -> null;
            case String s -> s;
            case Boolean b -> b.toString();
            case Number n -> n.toString();
            case UUID u -> u.toString();
            case Enum<?> e -> e.name();
            case Instant i -> i.toString();
            case Map<?, ?> m ->
                m.entrySet().stream()
                        .map(e -> plain(e.getKey()) + "=" + plain(e.getValue()))
                        .sorted()
                        .collect(java.util.stream.Collectors.joining(", ", "{", "}"));
            case java.util.Collection<?> c ->
                c.stream().map(AuditDiff::plain).sorted().collect(java.util.stream.Collectors.joining(", ", "[", "]"));
            default ->
                throw new IllegalArgumentException("An audit diff takes plain values only, not "
                        + value.getClass().getSimpleName());
        };
    }

    public AuditDiff change(String field, String before, String after) {
        return put(field, before, after);
    }

    public AuditDiff change(String field, boolean before, boolean after) {
        return put(field, Boolean.toString(before), Boolean.toString(after));
    }

    public AuditDiff change(String field, long before, long after) {
        return put(field, Long.toString(before), Long.toString(after));
    }

    public AuditDiff change(String field, Enum<?> before, Enum<?> after) {
        return put(field, before == null ? null : before.name(), after == null ? null : after.name());
    }

    public AuditDiff change(String field, UUID before, UUID after) {
        return put(field, text(before), text(after));
    }

    public AuditDiff change(String field, Instant before, Instant after) {
        return put(field, text(before), text(after));
    }

    /** Records that a secret field (a password hash, a key) changed; never its value. */
    public AuditDiff secretChanged(String field) {
        changes.put(field, new AuditChange(AuditChange.MASKED, AuditChange.MASKED));
        return this;
    }

    /** The recorded changes by field name, masked where the entity does not allow clear values. */
    public Map<String, AuditChange> changes() {
        return Collections.unmodifiableMap(changes);
    }

    public boolean isEmpty() {
        return changes.isEmpty();
    }

    private AuditDiff put(String field, String before, String after) {
        if (clearFields.contains(field)) {
            changes.put(field, new AuditChange(before, after));
        } else {
            changes.put(
                    field,
                    new AuditChange(
                            before == null ? null : AuditChange.MASKED, after == null ? null : AuditChange.MASKED));
        }
        return this;
    }

    private static String text(Object value) {
        return value == null ? null : value.toString();
    }
}
