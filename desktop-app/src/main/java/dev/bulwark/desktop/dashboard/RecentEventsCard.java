package dev.bulwark.desktop.dashboard;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.bulwark.desktop.audit.AuditText;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Pages;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditOutcome;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.css.PseudoClass;
import javafx.scene.Node;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** The dashboard's newest security events, kept up to date while it is on screen; one opens its kind in the trail. */
final class RecentEventsCard {
    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private final Node root;

    RecentEventsCard(DashboardViewModel viewModel) {
        TableView<AuditEvent> table = new TableView<>(viewModel.recentEvents());
        table.setId("recentEvents");
        table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE, "audit-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No security events yet."));
        table.setPrefHeight(300);
        table.getColumns()
                .setAll(
                        column("Time", 150, e -> AuditText.time(e.occurredAt())),
                        column("Action", 150, AuditEvent::action),
                        column("Actor", 170, e -> AuditText.actor(e.actor())),
                        column("Target", 150, AuditText::target),
                        column("Outcome", 80, e -> AuditText.outcome(e.outcome())),
                        column("IP", 100, e -> AuditText.orNone(e.sourceIp())));
        table.setRowFactory(view -> {
            TableRow<AuditEvent> row = new TableRow<>() {
                @Override
                protected void updateItem(AuditEvent event, boolean empty) {
                    super.updateItem(event, empty);
                    pseudoClassStateChanged(FAILED, !empty && event != null && event.outcome() != AuditOutcome.SUCCESS);
                }
            };
            row.setOnMouseClicked(click -> {
                if (click.getButton() == MouseButton.PRIMARY && click.getClickCount() == 2 && !row.isEmpty()) {
                    viewModel.openEvent(row.getItem());
                }
            });
            return row;
        });
        table.setOnKeyPressed(key -> {
            AuditEvent chosen = table.getSelectionModel().getSelectedItem();
            if (key.getCode() == KeyCode.ENTER && chosen != null) {
                viewModel.openEvent(chosen);
            }
        });
        Label note = Forms.sentence(viewModel.recentNoteProperty(), Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        note.setId("recentNote");
        var card = Pages.card(MaterialDesignS.SHIELD_ALERT_OUTLINE, "Newest security events", new VBox(8, table, note));
        card.setMaxWidth(Double.MAX_VALUE);
        card.setPrefWidth(880);
        card.setId("recentEventsCard");
        this.root = card;
    }

    Node root() {
        return root;
    }

    private static TableColumn<AuditEvent, String> column(
            String title, double width, Function<AuditEvent, String> value) {
        TableColumn<AuditEvent, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setMinWidth(width * 0.7);
        column.setSortable(false);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
