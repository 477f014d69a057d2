package dev.bulwark.desktop.ui;

import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.scene.control.Tooltip;
import org.controlsfx.control.CheckComboBox;

/**
 * The console's multi-select: a ControlsFX {@link CheckComboBox} whose title lists what is checked, or says what
 * none checked means (decision 0035).
 */
public final class MultiSelect {
    private MultiSelect() {}

    /**
     * A checkable list of {@code items}, each checked while its property in {@code checked} holds, both ways.
     *
     * @param noneChecked the title while nothing is checked, such as "Any action"
     */
    public static <T> CheckComboBox<T> of(
            String id,
            List<T> items,
            Function<T, String> label,
            String noneChecked,
            Function<T, BooleanProperty> checked) {
        CheckComboBox<T> box = new CheckComboBox<>(FXCollections.observableArrayList(items));
        box.setId(id);
        box.setConverter(Forms.displayConverter(label));
        boolean[] syncing = {false};
        for (T item : items) {
            BooleanProperty property = checked.apply(item);
            if (property.get()) {
                box.getCheckModel().check(item);
            }
            property.addListener((observable, old, now) -> {
                if (syncing[0]) {
                    return;
                }
                syncing[0] = true;
                try {
                    if (now) {
                        box.getCheckModel().check(item);
                    } else {
                        box.getCheckModel().clearCheck(item);
                    }
                } finally {
                    syncing[0] = false;
                }
            });
        }
        box.getCheckModel().getCheckedItems().addListener((ListChangeListener<T>) change -> {
            if (syncing[0]) {
                return;
            }
            syncing[0] = true;
            try {
                for (T item : items) {
                    checked.apply(item).set(box.getCheckModel().isChecked(item));
                }
            } finally {
                syncing[0] = false;
            }
        });
        box.titleProperty()
                .bind(Bindings.createStringBinding(
                        () -> title(box, label, noneChecked),
                        box.getCheckModel().getCheckedItems()));
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(box.titleProperty());
        box.setTooltip(tip);
        return box;
    }

    private static <T> String title(CheckComboBox<T> box, Function<T, String> label, String noneChecked) {
        List<String> names = box.getItems().stream()
                .filter(box.getCheckModel()::isChecked)
                .map(label)
                .toList();
        return names.isEmpty() ? noneChecked : String.join(", ", names);
    }
}
