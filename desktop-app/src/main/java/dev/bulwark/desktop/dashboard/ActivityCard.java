package dev.bulwark.desktop.dashboard;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.dashboard.DashboardViewModel.ActivityTile;
import dev.bulwark.desktop.dashboard.DashboardViewModel.Period;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Pages;
import java.util.List;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Cursor;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;

/**
 * The activity card of the dashboard: for each kind of security event, how many happened in the period chosen
 * and a sparkline of how they spread; choosing one opens the audit trail filtered to those events.
 */
final class ActivityCard {
    private static final double SPARK_WIDTH = 150;
    private static final double SPARK_HEIGHT = 34;

    private final Node root;

    ActivityCard(DashboardViewModel viewModel) {
        ToggleGroup periods = new ToggleGroup();
        HBox switcher = new HBox();
        switcher.getStyleClass().add("segmented");
        for (Period period : Period.values()) {
            ToggleButton button = new ToggleButton(period.label());
            button.setId("period-" + period.name().toLowerCase(java.util.Locale.ROOT));
            button.setToggleGroup(periods);
            button.setUserData(period);
            button.getStyleClass().add(period == Period.DAY ? Styles.LEFT_PILL : Styles.RIGHT_PILL);
            button.setSelected(viewModel.periodProperty().get() == period);
            switcher.getChildren().add(button);
        }
        periods.selectedToggleProperty().addListener((observable, old, now) -> {
            if (now == null) {
                old.setSelected(true); // one period is always chosen
            } else {
                viewModel.periodProperty().set((Period) now.getUserData());
            }
        });

        FlowPane tiles = new FlowPane(12, 12);
        tiles.setId("activityTiles");
        // A FlowPane asks for the height of its default 400 px wrap; at the card's real width it needs less.
        tiles.widthProperty().addListener((o, old, width) -> tiles.setPrefWrapLength(width.doubleValue()));
        viewModel.activity().addListener((ListChangeListener<ActivityTile>)
                change -> show(tiles, change.getList(), viewModel));
        show(tiles, viewModel.activity(), viewModel);

        Label note = Forms.sentence(viewModel.activityNoteProperty(), Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setId("activityNote");
        note.setWrapText(true);

        var card = Pages.card(MaterialDesignP.PULSE, "What happened", new VBox(12, switcher, tiles, note));
        card.setMaxWidth(Double.MAX_VALUE);
        card.setPrefWidth(880);
        card.setId("activityCard");
        this.root = card;
    }

    Node root() {
        return root;
    }

    private static void show(FlowPane tiles, List<? extends ActivityTile> list, DashboardViewModel viewModel) {
        tiles.getChildren().setAll(list.stream().map(t -> tile(t, viewModel)).toList());
    }

    private static Node tile(ActivityTile tile, DashboardViewModel viewModel) {
        Label label = new Label(tile.label());
        label.getStyleClass().add(Styles.TEXT_MUTED);
        Label total = new Label(tile.total());
        total.setId("activity-" + tile.key() + "-total");
        total.getStyleClass().add(Styles.TITLE_3);
        if (tile.alarming()) {
            total.getStyleClass().add(Styles.DANGER);
        }
        Canvas spark = sparkline(tile.buckets(), tile.alarming());
        VBox content = new VBox(4, label, total, spark);
        content.setAlignment(Pos.TOP_LEFT);
        Button button = new Button();
        button.setGraphic(content);
        button.setId("activity-" + tile.key());
        button.getStyleClass().addAll(Styles.FLAT, "activity-tile");
        button.setCursor(Cursor.HAND);
        button.setTooltip(new Tooltip("Review these events in the audit trail"));
        button.setOnAction(event -> viewModel.openActivity(tile.key()));
        return button;
    }

    /** Bars for the buckets, scaled to the largest; a flat line when nothing happened. */
    private static Canvas sparkline(List<Long> buckets, boolean alarming) {
        Canvas canvas = new Canvas(SPARK_WIDTH, SPARK_HEIGHT);
        GraphicsContext g = canvas.getGraphicsContext2D();
        long max = buckets.stream().mapToLong(Long::longValue).max().orElse(0);
        double slot = SPARK_WIDTH / Math.max(1, buckets.size());
        g.setFill(Color.web("#8c959f"));
        g.fillRect(0, SPARK_HEIGHT - 1, SPARK_WIDTH, 1);
        g.setFill(alarming ? Color.web("#cf222e") : Color.web("#0969da"));
        for (int i = 0; i < buckets.size(); i++) {
            long v = buckets.get(i);
            if (v == 0 || max == 0) {
                continue;
            }
            double h = Math.max(2, (SPARK_HEIGHT - 2) * v / max);
            g.fillRect(i * slot + 1, SPARK_HEIGHT - 1 - h, Math.max(1, slot - 2), h);
        }
        return canvas;
    }
}
