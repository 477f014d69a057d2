package dev.bulwark.model.vault;

import dev.bulwark.model.permission.AccessLevel;
import java.util.UUID;

/**
 * One group an entry is shared with: its members who hold VAULT permission may see it ({@code READ}) or also
 * change it ({@code WRITE}).
 *
 * @param groupId the group
 * @param access {@code READ} or {@code WRITE}
 */
public record VaultShare(UUID groupId, AccessLevel access) {}
