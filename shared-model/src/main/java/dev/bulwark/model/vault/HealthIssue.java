package dev.bulwark.model.vault;

/** What the health report finds wrong with an entry. */
public enum HealthIssue {
    /** The password is easy to guess (strength estimate below 3 of 4). */
    WEAK,
    /** Another visible entry holds the same secret (compared by keyed fingerprints, never in plain text). */
    REUSED,
    /** The expiry date has passed. */
    EXPIRED,
    /** The entry expires within 14 days. */
    EXPIRING
}
