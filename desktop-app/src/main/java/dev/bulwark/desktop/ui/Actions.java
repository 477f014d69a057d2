package dev.bulwark.desktop.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.ButtonBase;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;

/** Actions the signed-in user may not take: disabled, with a tooltip saying why. */
public final class Actions {
    private Actions() {}

    /**
     * Disables {@code button} while {@code why} holds a sentence, and shows that sentence as a tooltip. A disabled
     * control gets no mouse events, so the tooltip sits on a wrapper around it.
     */
    public static StackPane guarded(ButtonBase button, ObservableStringValue why) {
        button.disableProperty().bind(Bindings.isNotEmpty(why));
        StackPane wrapper = new StackPane(button);
        wrapper.setId(button.getId() + "Guard");
        wrapper.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        Tooltip tooltip = new Tooltip();
        tooltip.textProperty().bind(why);
        Runnable update = () -> {
            if (why.get() == null || why.get().isEmpty()) {
                Tooltip.uninstall(wrapper, tooltip);
            } else {
                Tooltip.install(wrapper, tooltip);
            }
        };
        why.addListener((observable, old, now) -> update.run());
        update.run();
        return wrapper;
    }
}
