package dev.bulwark.desktop.ui;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.util.Subscription;

/**
 * Runs work away from the UI thread and hands its result, or its failure, back on the UI thread.
 *
 * <p>ViewModels send every call to the server through this interface, so nothing they do blocks the UI. Tests
 * inject a runner that does everything on the calling thread.
 */
public interface BackgroundRunner {

    /**
     * Runs {@code work} in the background, then {@code onSuccess} with its result or {@code onFailure} with the
     * exception it threw, both on the UI thread.
     */
    <T> void run(Supplier<? extends T> work, Consumer<? super T> onSuccess, Consumer<RuntimeException> onFailure);

    /** Runs {@code action} on the UI thread, soon; {@code action} may be handed over from any thread. */
    void onUiThread(Runnable action);

    /** Runs {@code action} on the UI thread every {@code period} until the returned subscription is ended. */
    Subscription every(Duration period, Runnable action);
}
