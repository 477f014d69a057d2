package dev.bulwark.desktop.audit;

import dev.bulwark.model.audit.AuditActor;
import dev.bulwark.model.audit.AuditChange;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.ChainVerification;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;

/** How audit records read on screen. */
public final class AuditText {
    /** What a masked diff value reads as. */
    public static final String HIDDEN = "hidden";
    /** What an absent value reads as. */
    public static final String NONE = "—";

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    private AuditText() {}

    /** A moment in the local time zone, to the second, in a form that sorts as it reads. */
    public static String time(Instant instant) {
        return instant == null ? NONE : TIME.format(instant.atZone(ZoneId.systemDefault()));
    }

    public static String actor(AuditActor actor) {
        if (actor == null) {
            return NONE;
        }
        return switch (actor.kind()) {
            case USER -> actor.email() != null ? actor.email() : String.valueOf(actor.userId());
            case SYSTEM -> "system";
            case ANONYMOUS -> actor.email() != null ? actor.email() + " (not signed in)" : "not signed in";
        };
    }

    /** The target as "type name", falling back to the id. */
    public static String target(AuditEvent event) {
        String name = event.targetName() != null ? event.targetName() : event.targetId();
        if (event.targetType() == null) {
            return name == null ? NONE : name;
        }
        return name == null ? event.targetType() : event.targetType() + " " + name;
    }

    public static String outcome(AuditOutcome outcome) {
        return switch (outcome) {
            case SUCCESS -> "Success";
            case DENIED -> "Denied";
            case FAILURE -> "Failure";
        };
    }

    /** What the integrity badge says: "Verified up to N", or "Broken at M: why". */
    public static String verification(ChainVerification result) {
        return result.intact()
                ? "Verified up to " + result.verifiedUpTo()
                : "Broken at " + result.brokenAt() + ": " + result.detail();
    }

    /** What to do about a changed or broken history. */
    public static final String HISTORY_ADVICE = "Records may have been rewritten or removed: compare the trail with"
            + " an export or a backup before relying on it.";

    /** What the badge says when the history no longer holds the checkpoint pinned for the server. */
    public static String historyChanged(PinnedCheckpoint pinned) {
        return "History changed since you last verified: checkpoint " + pinned.seq() + " no longer matches";
    }

    /** A diff value: "hidden" when masked, a dash when absent. */
    public static String value(String value) {
        if (value == null) {
            return NONE;
        }
        return AuditChange.MASKED.equals(value) ? HIDDEN : value;
    }

    /** A field that may be absent. */
    public static String orNone(String value) {
        return value == null || value.isBlank() ? NONE : value;
    }
}
