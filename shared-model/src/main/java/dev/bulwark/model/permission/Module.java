package dev.bulwark.model.permission;

/** The parts of Bulwark that permissions are granted on. */
public enum Module {
    USERS,
    GROUPS,
    VAULT,
    AUDIT,
    SETTINGS
}
