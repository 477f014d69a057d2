package dev.bulwark.model.group;

/**
 * Creates a group ({@code POST /api/v1/groups}).
 *
 * @param name the name; unique ignoring case
 * @param description what the group is for; may be empty
 */
public record CreateGroupRequest(String name, String description) {}
