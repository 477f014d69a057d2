package dev.bulwark.desktop.users;

/** One line of a user's effective permissions: the module, the level they have, and why. */
public record PermissionRow(String module, String level, String reasons) {}
