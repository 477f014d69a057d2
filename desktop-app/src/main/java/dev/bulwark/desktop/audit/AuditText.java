package dev.bulwark.desktop.audit;

import dev.bulwark.model.audit.AuditActor;
import dev.bulwark.model.audit.AuditChange;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.ChainVerification;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

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

    public static final String KEY_ADVICE = "Someone other than this server may be signing its audit trail: ask its"
            + " administrators whether the checkpoint key was replaced before relying on the trail.";

    /** What the badge says when the history no longer holds the checkpoint pinned for the server. */
    public static String historyChanged(PinnedCheckpoint pinned) {
        return "History changed since you last verified: checkpoint " + pinned.seq() + " no longer matches";
    }

    /** "1 event", "1,234 events". */
    public static String count(long n, String one) {
        return count(n, one, one + "s");
    }

    /** "1 failure", "2 failures", with the number grouped in thousands. */
    public static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }

    /** A bucket width as it reads: "1 minute", "15 minutes", "1 hour", "7 days". */
    public static String duration(Duration d) {
        long s = d.toSeconds();
        if (s % 86_400 == 0) {
            return count(s / 86_400, "day");
        }
        if (s % 3_600 == 0) {
            return count(s / 3_600, "hour");
        }
        if (s % 60 == 0) {
            return count(s / 60, "minute");
        }
        return count(s, "second");
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
