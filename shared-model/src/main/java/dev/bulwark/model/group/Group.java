package dev.bulwark.model.group;

import java.time.Instant;
import java.util.UUID;

/**
 * A group of users that grants its members per-module access.
 *
 * @param id the group's id
 * @param name the name; unique ignoring case
 * @param description what the group is for
 * @param memberCount how many users belong to it
 * @param createdAt when it was created
 * @param updatedAt when its name or description last changed
 * @param version the row version for check-and-set updates
 */
public record Group(
        UUID id,
        String name,
        String description,
        int memberCount,
        Instant createdAt,
        Instant updatedAt,
        long version) {}
