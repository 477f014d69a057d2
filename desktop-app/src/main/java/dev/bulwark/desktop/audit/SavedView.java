package dev.bulwark.desktop.audit;

/**
 * A set of filters saved under a name.
 *
 * @param name what the person called it
 * @param filters the filters it applies
 */
public record SavedView(String name, AuditFilters filters) {
    @Override
    public String toString() {
        return name;
    }
}
