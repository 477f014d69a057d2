package dev.bulwark.desktop.dashboard;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Pages;
import dev.bulwark.model.audit.AuditSummary;
import java.util.List;
import java.util.function.Consumer;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;

/**
 * The dashboard's failed sign-ins: a bar per hour of the period, and the addresses and accounts most of them came
 * from, each opening the audit trail on those attempts.
 */
final class FailedSignInsCard {
    private static final double CHART_WIDTH = 440;
    private static final double CHART_HEIGHT = 110;

    private final Node root;

    FailedSignInsCard(DashboardViewModel viewModel) {
        Canvas chart = new Canvas(CHART_WIDTH, CHART_HEIGHT);
        chart.setId("failedSignInChart");
        viewModel.failedSignInsHourly().addListener((ListChangeListener<Long>) change -> draw(chart, change.getList()));
        draw(chart, viewModel.failedSignInsHourly());
        Label start = new Label();
        start.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        start.textProperty()
                .bind(viewModel
                        .periodProperty()
                        .map(p -> p == DashboardViewModel.Period.DAY ? "24 hours ago" : "7 days ago"));
        Label now = new Label("now");
        now.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox axis = new HBox(start, gap, now);
        axis.setMaxWidth(CHART_WIDTH);
        Label note = Forms.sentence(viewModel.failedNoteProperty(), Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setId("failedSignInNote");
        VBox chartBox = new VBox(4, chart, axis, note);
        chartBox.setMaxWidth(CHART_WIDTH);

        VBox addresses = sources(
                "topAddresses",
                "Top source addresses",
                viewModel.topAddresses(),
                "topAddress-",
                viewModel::openAddress);
        VBox accounts =
                sources("topAccounts", "Top accounts", viewModel.topAccounts(), "topAccount-", viewModel::openAccount);
        FlowPane body = new FlowPane(28, 16, chartBox, addresses, accounts);
        body.setAlignment(Pos.TOP_LEFT);
        body.setRowValignment(javafx.geometry.VPos.TOP);
        // A FlowPane asks for the height of its default 400 px wrap; at the card's real width it needs less.
        body.widthProperty().addListener((o, old, width) -> body.setPrefWrapLength(width.doubleValue()));

        var card = Pages.card(MaterialDesignL.LOCK_ALERT_OUTLINE, "Failed sign-ins", body);
        card.setMaxWidth(Double.MAX_VALUE);
        card.setPrefWidth(880);
        card.setId("failedSignInsCard");
        this.root = card;
        root.visibleProperty().bind(viewModel.failedNoteProperty().isNotEmpty());
        root.managedProperty().bind(root.visibleProperty());
    }

    Node root() {
        return root;
    }

    private static VBox sources(
            String id,
            String title,
            ObservableList<AuditSummary.Source> sources,
            String itemId,
            Consumer<String> open) {
        Label heading = new Label(title);
        heading.getStyleClass().add(Styles.TEXT_BOLD);
        VBox list = new VBox(2);
        list.setId(id);
        Runnable fill = () -> {
            list.getChildren().clear();
            if (sources.isEmpty()) {
                Label none = new Label("None");
                none.getStyleClass().add(Styles.TEXT_MUTED);
                list.getChildren().add(none);
            }
            for (int i = 0; i < sources.size(); i++) {
                AuditSummary.Source source = sources.get(i);
                Hyperlink link = new Hyperlink(source.value() + "  ·  " + String.format("%,d", source.total()));
                link.setId(itemId + i);
                link.setTooltip(new Tooltip("Review these failed sign-ins in the audit trail"));
                link.setOnAction(event -> open.accept(source.value()));
                list.getChildren().add(link);
            }
        };
        sources.addListener((ListChangeListener<AuditSummary.Source>) change -> fill.run());
        fill.run();
        VBox box = new VBox(6, heading, list);
        box.setMinWidth(170);
        return box;
    }

    /** A bar per hour, scaled to the busiest hour, over a base line. */
    private static void draw(Canvas canvas, List<? extends Long> hourly) {
        GraphicsContext g = canvas.getGraphicsContext2D();
        g.clearRect(0, 0, CHART_WIDTH, CHART_HEIGHT);
        long max = hourly.stream().mapToLong(Long::longValue).max().orElse(0);
        double slot = CHART_WIDTH / Math.max(1, hourly.size());
        g.setFill(Color.web("#8c959f"));
        g.fillRect(0, CHART_HEIGHT - 1, CHART_WIDTH, 1);
        g.setFill(Color.web("#cf222e"));
        for (int i = 0; i < hourly.size(); i++) {
            long v = hourly.get(i);
            if (v == 0 || max == 0) {
                continue;
            }
            double h = Math.max(2, (CHART_HEIGHT - 2) * v / max);
            g.fillRect(i * slot + (slot > 4 ? 1 : 0), CHART_HEIGHT - 1 - h, Math.max(1, slot - (slot > 4 ? 2 : 0)), h);
        }
    }
}
