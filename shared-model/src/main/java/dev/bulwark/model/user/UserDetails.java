package dev.bulwark.model.user;

/**
 * A user as administrators see it: the user and the version to send back with a change.
 *
 * @param user the user
 * @param version the row version for check-and-set updates
 */
public record UserDetails(User user, long version) {}
