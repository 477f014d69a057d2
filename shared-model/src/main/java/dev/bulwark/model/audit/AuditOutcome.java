package dev.bulwark.model.audit;

/** How a recorded action ended. */
public enum AuditOutcome {
    /** It happened. */
    SUCCESS,
    /** It was refused for lack of permission or because the credentials were wrong. */
    DENIED,
    /** It was attempted and failed. */
    FAILURE
}
