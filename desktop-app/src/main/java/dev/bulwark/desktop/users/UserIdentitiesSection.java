package dev.bulwark.desktop.users;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Actions;
import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.model.oidc.LinkedIdentity;
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
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;

/** The "Linked sign-in accounts" part of a user's detail. */
final class UserIdentitiesSection {
    private UserIdentitiesSection() {}

    static VBox build(UserIdentitiesViewModel viewModel) {
        Label title = new Label("Linked sign-in accounts", new FontIcon(MaterialDesignL.LINK_VARIANT));
        title.getStyleClass().add(Styles.TITLE_4);

        TableView<LinkedIdentity> table = new TableView<>(viewModel.identities());
        table.setId("userIdentitiesTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(
                new Label("No provider account is linked; the first sign-in through a provider links one."));
        table.setPrefHeight(120);
        table.setMinHeight(Region.USE_PREF_SIZE);
        table.getColumns()
                .setAll(List.of(
                        column("Provider", LinkedIdentity::providerName),
                        column("Account (subject)", LinkedIdentity::subject),
                        column("Linked", link -> Formats.shortDateTime(link.linkedAt())),
                        column("Last used", link -> Formats.shortDateTime(link.lastUsedAt()))));

        Button unlink = Forms.button("unlinkIdentity", "Unlink…", MaterialDesignL.LINK_VARIANT_OFF);
        unlink.getStyleClass().add(Styles.DANGER);
        unlink.setOnAction(event -> {
            LinkedIdentity selected = table.getSelectionModel().getSelectedItem();
            Dialogs.confirm(
                    unlink.getScene().getWindow(),
                    "Unlink account",
                    viewModel.unlinkQuestion(selected),
                    "Unlink",
                    () -> viewModel.unlink(selected));
        });
        var blocked = Bindings.createStringBinding(
                () -> viewModel.unlinkBlocked(table.getSelectionModel().getSelectedItem()),
                table.getSelectionModel().selectedItemProperty(),
                viewModel.identities());
        HBox actions = new HBox(8, Actions.guarded(unlink, blocked), Forms.busyIndicator(viewModel.busyProperty()));
        Label notice = Forms.notice(viewModel.noticeProperty());
        notice.setId("userIdentitiesNotice");
        Label problem = Forms.problem(viewModel.problemProperty());
        problem.setId("userIdentitiesProblem");
        VBox section = new VBox(8, title, notice, problem, table, actions);
        section.setId("userIdentities");
        return section;
    }

    private static <R> TableColumn<R, String> column(String title, Function<R, String> value) {
        TableColumn<R, String> column = new TableColumn<>(title);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
