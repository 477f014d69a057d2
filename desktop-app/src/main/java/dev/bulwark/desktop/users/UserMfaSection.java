package dev.bulwark.desktop.users;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Actions;
import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.model.mfa.KnownIp;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** The "Known IPs and second factor" part of a user's detail. */
final class UserMfaSection {
    private UserMfaSection() {}

    static VBox build(UserMfaViewModel viewModel) {
        Label title = new Label("Known IPs and second factor", new FontIcon(MaterialDesignI.IP_NETWORK_OUTLINE));
        title.getStyleClass().add(Styles.TITLE_4);

        TableView<KnownIp> table = new TableView<>(viewModel.knownIps());
        table.setId("userKnownIpsTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No known addresses."));
        table.setPrefHeight(140);
        table.setMinHeight(Region.USE_PREF_SIZE);
        table.getColumns()
                .setAll(List.of(
                        column("Address", KnownIp::ip),
                        column("First seen", ip -> Formats.shortDateTime(ip.firstSeenAt())),
                        column("Last seen", ip -> Formats.shortDateTime(ip.lastSeenAt()))));

        Button remove = Forms.button("removeUserKnownIp", "Remove address", MaterialDesignD.DELETE_OUTLINE);
        remove.setOnAction(event -> viewModel.remove(table.getSelectionModel().getSelectedItem()));
        var removeBlocked = Bindings.createStringBinding(
                () -> table.getSelectionModel().getSelectedItem() == null ? "Select an address first." : "",
                table.getSelectionModel().selectedItemProperty());
        Button reset = Forms.button("resetMfa", "Reset MFA…", MaterialDesignS.SHIELD_REFRESH_OUTLINE);
        reset.getStyleClass().add(Styles.DANGER);
        reset.setOnAction(event -> Dialogs.confirm(
                reset.getScene().getWindow(), "Reset MFA", viewModel.resetQuestion(), "Reset", viewModel::reset));
        var resetBlocked = Bindings.createStringBinding(viewModel::resetBlocked, viewModel.knownIps());
        HBox actions = new HBox(
                8,
                Actions.guarded(remove, removeBlocked),
                Actions.guarded(reset, resetBlocked),
                Forms.busyIndicator(viewModel.busyProperty()));
        Label notice = Forms.notice(viewModel.noticeProperty());
        notice.setId("userMfaNotice");
        Label problem = Forms.problem(viewModel.problemProperty());
        problem.setId("userMfaProblem");
        VBox section = new VBox(8, title, notice, problem, table, actions);
        section.setId("userMfa");
        return section;
    }

    private static <R> TableColumn<R, String> column(String title, Function<R, String> value) {
        TableColumn<R, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
