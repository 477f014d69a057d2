package dev.bulwark.desktop.audit;

import java.time.Duration;
import java.time.Instant;

/** The time ranges of the audit filter: presets counted back from now, or a chosen period. */
public enum TimeRange {
    LAST_HOUR("Last hour", Duration.ofHours(1)),
    LAST_DAY("Last 24 hours", Duration.ofDays(1)),
    LAST_WEEK("Last 7 days", Duration.ofDays(7)),
    ALL("All time", null),
    /** A period of its own, such as a bar of the timeline; its bounds are kept with the filters. */
    CHOSEN("Chosen period", null);

    private final String label;
    private final Duration length;

    TimeRange(String label, Duration length) {
        this.label = label;
        this.length = length;
    }

    /** The earliest moment in range when it is {@code now}; {@code null} for all time and a chosen period. */
    public Instant from(Instant now) {
        return length == null ? null : now.minus(length);
    }

    @Override
    public String toString() {
        return label;
    }
}
