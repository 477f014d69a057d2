package dev.bulwark.desktop.ui;

import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * A screen's {@code busy} and {@code problem} state and the way its commands run: one command at a time, in the
 * background, with the failure turned into one sentence.
 */
public final class Activity {
    private final BackgroundRunner runner;
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy", false);
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem", "");

    public Activity(BackgroundRunner runner) {
        this.runner = runner;
    }

    /** Whether a command is running; a second command is ignored meanwhile. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** The sentence about the last failure, or empty. */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Runs {@code work} in the background and shows a failure as the problem sentence. */
    public <T> void run(Supplier<? extends T> work, Consumer<? super T> onSuccess) {
        run(work, onSuccess, this::fail);
    }

    /**
     * Runs {@code work} in the background; {@code onFailure} decides what a failure shows, usually through
     * {@link #fail}. Does nothing while another command runs.
     */
    public <T> void run(
            Supplier<? extends T> work, Consumer<? super T> onSuccess, Consumer<RuntimeException> onFailure) {
        if (busy.get()) {
            return;
        }
        busy.set(true);
        problem.set("");
        runner.run(
                work,
                result -> {
                    busy.set(false);
                    onSuccess.accept(result);
                },
                failure -> {
                    busy.set(false);
                    onFailure.accept(failure);
                });
    }

    /** Shows {@code failure} as the problem sentence. */
    public void fail(RuntimeException failure) {
        problem.set(Problems.describe(failure));
    }

    /** Shows {@code sentence} as the problem, for a check made before anything is sent. */
    public void fail(String sentence) {
        problem.set(sentence);
    }

    /** Clears the problem sentence. */
    public void clearProblem() {
        problem.set("");
    }
}
