package dev.bulwark.model.user;

import java.time.Instant;
import java.util.UUID;

/**
 * A user as the API shows it. Never carries a password or hash.
 *
 * @param id the user's id
 * @param email the sign-in id, unique ignoring case
 * @param displayName the name shown in the console
 * @param role the user's role
 * @param enabled whether the user may sign in
 * @param passwordChangeRequired whether the next sign-in must change the password
 * @param createdAt when the user was created
 * @param updatedAt when the user last changed
 * @param lastLoginAt the last successful sign-in, or {@code null}
 */
public record User(
        UUID id,
        String email,
        String displayName,
        Role role,
        boolean enabled,
        boolean passwordChangeRequired,
        Instant createdAt,
        Instant updatedAt,
        Instant lastLoginAt) {}
