package dev.bulwark.server.permission;

import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import java.util.UUID;

/** A grant a user receives through one of their groups. */
public record GroupGrant(UUID groupId, String groupName, Module module, AccessLevel level) {}
