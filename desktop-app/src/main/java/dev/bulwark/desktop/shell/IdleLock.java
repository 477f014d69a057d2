package dev.bulwark.desktop.shell;

import dev.bulwark.desktop.ui.BackgroundRunner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javafx.util.Subscription;

/**
 * Locks the console after {@link #IDLE_LIMIT} without input: the composition root reports every key, mouse and
 * scroll event through {@link #activity()}, and a check every {@link #CHECK} compares the last one with the clock.
 * Locking runs {@code onLock} once; the lock is then spent.
 */
public final class IdleLock implements AutoCloseable {
    /** How long the console may sit without input before it locks. */
    public static final Duration IDLE_LIMIT = Duration.ofMinutes(15);

    /** The sentence the sign-in screen shows after a lock. */
    public static final String LOCKED = "Locked after 15 minutes without activity. Sign in again.";

    static final Duration CHECK = Duration.ofSeconds(5);

    private final Clock clock;
    private final Duration limit;
    private final Runnable onLock;
    private final Subscription checking;
    private Instant lastActivity;
    private boolean locked;

    /**
     * @param onLock what locking does: forget revealed values, clear the clipboard, go back to sign-in
     */
    public IdleLock(BackgroundRunner runner, Clock clock, Duration limit, Runnable onLock) {
        this.clock = clock;
        this.limit = limit;
        this.onLock = onLock;
        this.lastActivity = clock.instant();
        this.checking = runner.every(CHECK, this::check);
    }

    /** Someone used the console: the idle time starts again. */
    public void activity() {
        lastActivity = clock.instant();
    }

    /** Locks when the console has been idle for the limit. */
    public void check() {
        if (locked) {
            return;
        }
        if (!clock.instant().isBefore(lastActivity.plus(limit))) {
            locked = true;
            checking.unsubscribe();
            onLock.run();
        }
    }

    /** Whether the console has locked. */
    public boolean locked() {
        return locked;
    }

    @Override
    public void close() {
        checking.unsubscribe();
    }
}
