package dev.bulwark.desktop.ui;

import atlantafx.base.theme.Styles;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;

/** A two-column list of captions and values, as on the dashboard cards; each value label has an id. */
public final class Details {
    private final GridPane grid = new GridPane();
    private int rows;

    public Details() {
        grid.setHgap(16);
        grid.setVgap(8);
        ColumnConstraints captions = new ColumnConstraints();
        captions.setMinWidth(110);
        ColumnConstraints values = new ColumnConstraints();
        values.setHgrow(Priority.ALWAYS);
        grid.getColumnConstraints().addAll(captions, values);
    }

    /** Adds a row whose value label has id {@code valueId} and shows {@code value}. */
    public Details add(String caption, String valueId, ObservableStringValue value) {
        Label captionLabel = new Label(caption);
        captionLabel.getStyleClass().add(Styles.TEXT_MUTED);
        Label valueLabel = new Label();
        valueLabel.setId(valueId);
        valueLabel.textProperty().bind(value);
        valueLabel.setWrapText(true);
        grid.addRow(rows++, captionLabel, valueLabel);
        return this;
    }

    public GridPane grid() {
        return grid;
    }
}
