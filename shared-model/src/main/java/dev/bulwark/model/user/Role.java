package dev.bulwark.model.user;

/** A user's role; it caps what grants can give. */
public enum Role {
    /** Write access to every module; alone may change roles and settings. */
    ADMIN,
    /** What its direct and group grants give, up to write. */
    EDITOR,
    /** What its grants give, capped at read; always manages itself. */
    USER
}
