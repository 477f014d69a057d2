package dev.bulwark.desktop.users;

import dev.bulwark.model.permission.Module;

/** One line of a user's effective permissions: the module, the level they have, and why. */
public record PermissionRow(Module id, String module, String level, String reasons) {}
