package dev.bulwark.model.user;

import java.util.List;
import java.util.UUID;

/**
 * What an import did (or, for a dry run, would do), row by row.
 *
 * @param dryRun whether nothing was created
 * @param created how many users were created (or would be)
 * @param failed how many rows were refused
 * @param rows one result per row, in the order sent
 */
public record UserImportReport(boolean dryRun, int created, int failed, List<UserImportReport.Row> rows) {
    /** The outcome of one row. */
    public enum Outcome {
        CREATED,
        WOULD_CREATE,
        FAILED
    }

    /**
     * @param row the row's position, counted from 1
     * @param email the email as sent
     * @param outcome what happened
     * @param userId the new user's id when created
     * @param message why the row failed, or a note on what was done
     */
    public record Row(int row, String email, Outcome outcome, UUID userId, String message) {}
}
