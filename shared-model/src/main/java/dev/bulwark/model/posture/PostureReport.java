package dev.bulwark.model.posture;

import java.time.Instant;
import java.util.List;

/**
 * The posture report: every check of the server's set-up, in a fixed order, with the counts per verdict.
 *
 * @param checkedAt when the checks ran (server time)
 * @param passed how many checks pass
 * @param warnings how many warn
 * @param failures how many fail
 * @param checks the checks, in the order the report lists them
 */
public record PostureReport(Instant checkedAt, int passed, int warnings, int failures, List<PostureCheck> checks) {
    public PostureReport {
        checks = checks == null ? List.of() : List.copyOf(checks);
    }

    /** A report of {@code checks}, counted. */
    public static PostureReport of(Instant checkedAt, List<PostureCheck> checks) {
        return new PostureReport(
                checkedAt,
                count(checks, PostureStatus.PASS),
                count(checks, PostureStatus.WARN),
                count(checks, PostureStatus.FAIL),
                checks);
    }

    /** How many checks there are. */
    public int total() {
        return checks.size();
    }

    private static int count(List<PostureCheck> checks, PostureStatus status) {
        return (int) checks.stream().filter(c -> c.status() == status).count();
    }
}
