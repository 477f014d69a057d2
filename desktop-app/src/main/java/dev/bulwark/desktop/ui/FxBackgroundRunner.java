package dev.bulwark.desktop.ui;

import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.application.Platform;
import javafx.util.Subscription;

/** The application's runner: work runs on virtual threads, results come back through {@link Platform#runLater}. */
public final class FxBackgroundRunner implements BackgroundRunner, AutoCloseable {
    private static final System.Logger LOG = System.getLogger(FxBackgroundRunner.class.getName());

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();

    @Override
    public <T> void run(
            Supplier<? extends T> work, Consumer<? super T> onSuccess, Consumer<RuntimeException> onFailure) {
        executor.execute(() -> {
            T result;
            try {
                result = work.get();
            } catch (RuntimeException e) {
                Platform.runLater(() -> onFailure.accept(e));
                return;
            } catch (Error e) {
                LOG.log(System.Logger.Level.ERROR, "Background work failed", e);
                throw e;
            }
            Platform.runLater(() -> onSuccess.accept(result));
        });
    }

    @Override
    public void onUiThread(Runnable action) {
        if (Platform.isFxApplicationThread()) {
            action.run();
        } else {
            Platform.runLater(action);
        }
    }

    @Override
    public Subscription every(Duration period, Runnable action) {
        Timeline timeline =
                new Timeline(new KeyFrame(javafx.util.Duration.millis(period.toMillis()), event -> action.run()));
        timeline.setCycleCount(Animation.INDEFINITE);
        onUiThread(timeline::play);
        return () -> onUiThread(timeline::stop);
    }

    /** Stops accepting work; work already running finishes on its own. */
    @Override
    public void close() {
        executor.shutdown();
    }
}
