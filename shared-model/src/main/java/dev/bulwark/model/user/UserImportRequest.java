package dev.bulwark.model.user;

import java.util.List;

/**
 * Users to create in one go, each row on its own: a row that fails does not stop the others.
 *
 * @param rows at most 1,000 users
 * @param dryRun {@code true} to check every row and report what would happen without creating anyone
 */
public record UserImportRequest(List<UserImportRow> rows, Boolean dryRun) {}
