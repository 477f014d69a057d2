package dev.bulwark.model.group;

/**
 * Changes a group ({@code PUT /api/v1/groups/{id}}). Fields left {@code null} keep their value.
 *
 * @param version the version read; a stale one is refused with {@code conflict}
 * @param name a new name
 * @param description a new description
 */
public record UpdateGroupRequest(Long version, String name, String description) {}
