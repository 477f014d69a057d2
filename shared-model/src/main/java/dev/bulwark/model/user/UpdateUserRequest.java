package dev.bulwark.model.user;

/**
 * Changes a user ({@code PUT /api/v1/users/{id}}). Fields left {@code null} keep their value.
 *
 * @param version the version read; a stale one is refused with {@code conflict}
 * @param email a new sign-in id
 * @param displayName a new display name
 * @param role a new role; only an administrator may change roles
 */
public record UpdateUserRequest(Long version, String email, String displayName, Role role) {}
