package dev.bulwark.desktop.ui;

import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;

/** How modules and access levels read on screen. */
public final class Permissions {
    private Permissions() {}

    public static String module(Module module) {
        return switch (module) {
            case USERS -> "Users";
            case GROUPS -> "Groups";
            case VAULT -> "Vault";
            case AUDIT -> "Audit";
            case SETTINGS -> "Settings";
        };
    }

    public static String level(AccessLevel level) {
        return switch (level) {
            case NONE -> "None";
            case READ -> "Read";
            case WRITE -> "Write";
        };
    }
}
