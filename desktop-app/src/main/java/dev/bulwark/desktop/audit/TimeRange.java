package dev.bulwark.desktop.audit;

import java.time.Duration;
import java.time.Instant;

/** The time-range presets of the audit filter. */
public enum TimeRange {
    LAST_HOUR("Last hour", Duration.ofHours(1)),
    LAST_DAY("Last 24 hours", Duration.ofDays(1)),
    LAST_WEEK("Last 7 days", Duration.ofDays(7)),
    ALL("All time", null);

    private final String label;
    private final Duration length;

    TimeRange(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    /** The earliest moment in range when it is {@code now}, or {@code null} for all time. */
    public Instant from(Instant now) {
        return length == null ? null : now.minus(length);
    }

    @Override
    public String toString() {
        return label;
    }
}
