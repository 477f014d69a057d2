package dev.bulwark.model.permission;

/** How much a user may do in a module; ordered, and each level includes the ones before it. */
public enum AccessLevel {
    NONE,
    READ,
    WRITE;

    /** Whether this level allows what {@code required} allows. */
    public boolean includes(AccessLevel required) {
        return compareTo(required) >= 0;
    }

    /** The higher of the two levels. */
    public AccessLevel max(AccessLevel other) {
        return includes(other) ? this : other;
    }

    /** The lower of the two levels. */
    public AccessLevel min(AccessLevel other) {
        return includes(other) ? other : this;
    }
}
