package dev.bulwark.model.group;

import java.time.Instant;
import java.util.UUID;

/**
 * A member of a group.
 *
 * @param userId the user
 * @param email the user's email
 * @param displayName the user's display name
 * @param addedAt when the user joined the group
 */
public record GroupMember(UUID userId, String email, String displayName, Instant addedAt) {}
