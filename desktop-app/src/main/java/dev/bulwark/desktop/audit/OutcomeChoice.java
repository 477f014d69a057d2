package dev.bulwark.desktop.audit;

import dev.bulwark.model.audit.AuditOutcome;

/** The outcome filter: any outcome or one of them. */
public enum OutcomeChoice {
    ANY("Any outcome", null),
    SUCCESS("Success", AuditOutcome.SUCCESS),
    DENIED("Denied", AuditOutcome.DENIED),
    FAILURE("Failure", AuditOutcome.FAILURE);

    private final String label;
    private final AuditOutcome outcome;

    OutcomeChoice(String label, AuditOutcome outcome) {
        this.label = label;
        this.outcome = outcome;
    }

    /** The outcome asked for, or {@code null} for any. */
    public AuditOutcome outcome() {
        return outcome;
    }

    @Override
    public String toString() {
        return label;
    }
}
