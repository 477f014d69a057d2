package dev.bulwark.desktop.ui;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.util.Subscription;

/**
 * The runner of ViewModel tests: work and callbacks run at once on the calling thread, and repeating actions run
 * when the test calls {@link #tick()}, so no JavaFX toolkit and no waiting is needed.
 */
public final class SameThreadRunner implements BackgroundRunner {
    private final List<Repeating> repeating = new ArrayList<>();

    @Override
    public <T> void run(
            Supplier<? extends T> work, Consumer<? super T> onSuccess, Consumer<RuntimeException> onFailure) {
        T result;
        try {
            result = work.get();
        } catch (RuntimeException e) {
            onFailure.accept(e);
            return;
        }
        onSuccess.accept(result);
    }

    @Override
    public void onUiThread(Runnable action) {
        action.run();
    }

    @Override
    public Subscription every(Duration period, Runnable action) {
        Repeating entry = new Repeating(period, action);
        repeating.add(entry);
        return () -> repeating.remove(entry);
    }

    /** Runs every repeating action once, as if its period had passed. */
    public void tick() {
        List.copyOf(repeating).forEach(entry -> entry.action().run());
    }

    /** The periods of the repeating actions that are still scheduled. */
    public List<Duration> repeatingPeriods() {
        return repeating.stream().map(Repeating::period).toList();
    }

    private record Repeating(Duration period, Runnable action) {}
}
