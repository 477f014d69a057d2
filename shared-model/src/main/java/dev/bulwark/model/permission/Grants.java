package dev.bulwark.model.permission;

import java.util.Map;

/**
 * Per-module grants of a user or a group. Modules not listed are granted {@link AccessLevel#NONE}. Sent to
 * {@code PUT /api/v1/users/{id}/grants} and {@code PUT /api/v1/groups/{id}/grants}, where it replaces every
 * grant; returned by both.
 *
 * @param grants the level granted per module
 */
public record Grants(Map<Module, AccessLevel> grants) {
    public Grants {
        grants = grants == null ? Map.of() : Map.copyOf(grants);
    }
}
