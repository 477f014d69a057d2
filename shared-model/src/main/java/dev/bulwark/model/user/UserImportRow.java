package dev.bulwark.model.user;

import java.util.List;

/**
 * One user to import. Imported users have no password: an administrator sets a first one with a password reset,
 * or they sign in through single sign-on.
 *
 * @param email the sign-in id, unique ignoring case
 * @param displayName the name shown in the console
 * @param role {@code USER} when absent; only an administrator imports editors or administrators
 * @param groups names of existing groups to add the user to (needs GROUPS WRITE)
 */
public record UserImportRow(String email, String displayName, Role role, List<String> groups) {}
