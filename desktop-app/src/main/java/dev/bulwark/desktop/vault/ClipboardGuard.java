package dev.bulwark.desktop.vault;

import dev.bulwark.desktop.ui.Clipboard;
import dev.bulwark.model.Secret;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Puts a revealed value on the clipboard and takes it off again after {@link #CLEAR_AFTER}, or when the console
 * locks, but only while the clipboard still holds that value: whatever the person copied since is left alone.
 */
final class ClipboardGuard {
    static final Duration CLEAR_AFTER = Duration.ofSeconds(20);

    private final Clipboard clipboard;
    private final Clock clock;
    private Secret copied;
    private Instant clearAt;

    ClipboardGuard(Clipboard clipboard, Clock clock) {
        this.clipboard = clipboard;
        this.clock = clock;
    }

    void copy(Secret value) {
        clipboard.put(value.reveal());
        copied = value;
        clearAt = clock.instant().plus(CLEAR_AFTER);
    }

    /** Whether a copied value is still waiting to be cleared. */
    boolean pending() {
        return copied != null;
    }

    /** Clears the clipboard once the time is up; answers whether a value is still waiting. */
    boolean tick() {
        if (copied != null && !clock.instant().isBefore(clearAt)) {
            clearIfOurs();
        }
        return copied != null;
    }

    /** Empties the clipboard now if it still holds the copied value, and forgets the value. */
    void clearIfOurs() {
        if (copied == null) {
            return;
        }
        String value = copied.reveal();
        if (clipboard.text().map(value::equals).orElse(false)) {
            clipboard.clear();
        }
        copied = null;
        clearAt = null;
    }
}
