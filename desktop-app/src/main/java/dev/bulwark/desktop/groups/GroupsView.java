package dev.bulwark.desktop.groups;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.bulwark.desktop.ui.Actions;
import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Pages;
import dev.bulwark.desktop.ui.Permissions;
import dev.bulwark.desktop.ui.Tables;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.group.GroupDetails;
import dev.bulwark.model.group.GroupMember;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.user.UserDetails;
import java.util.List;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** The Groups page: the list of groups on the left, the selected group on the right. */
public final class GroupsView {
    private final GroupsViewModel viewModel;
    private final Parent root;

    public GroupsView(GroupsViewModel viewModel) {
        this.viewModel = viewModel;
        Button create = Forms.button("createGroup", "Create group", MaterialDesignP.PLUS);
        create.getStyleClass().add(Styles.ACCENT);
        create.setOnAction(event -> GroupDialog.show(window(), viewModel.newGroupForm()));

        VBox page = Pages.listAndDetail(
                "Groups",
                listPane(),
                detailPane(),
                0.32,
                viewModel.noticeProperty(),
                viewModel.problemProperty(),
                viewModel.busyProperty(),
                Actions.guarded(create, viewModel.createBlockedProperty()));
        page.setId("groupsPage");
        this.root = page;
    }

    public Parent root() {
        return root;
    }

    private Window window() {
        return root.getScene().getWindow();
    }

    private VBox listPane() {
        ListView<Group> list = new ListView<>(viewModel.groups());
        list.setId("groupsList");
        list.setPlaceholder(new Label("No groups yet."));
        list.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(Group group, boolean empty) {
                super.updateItem(group, empty);
                if (empty || group == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                Label name = new Label(group.name());
                name.getStyleClass().add(Styles.TEXT_BOLD);
                Label count = new Label(group.memberCount() == 1 ? "1 member" : group.memberCount() + " members");
                count.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
                VBox lines = new VBox(2, name, count);
                lines.setPadding(new Insets(4, 6, 4, 6));
                setText(null);
                setGraphic(lines);
            }
        });
        list.getSelectionModel().selectedItemProperty().addListener((observable, old, now) -> {
            GroupDetails shown = viewModel.selectedProperty().get();
            if (now != null && (shown == null || !shown.group().id().equals(now.id()))) {
                viewModel.select(now);
            }
        });
        viewModel.selectedProperty().addListener((observable, old, now) -> {
            if (now == null) {
                list.getSelectionModel().clearSelection();
                return;
            }
            Group current = list.getSelectionModel().getSelectedItem();
            if (current == null || !current.equals(now.group())) {
                list.getItems().stream()
                        .filter(group -> group.id().equals(now.group().id()))
                        .findFirst()
                        .ifPresent(group -> list.getSelectionModel().select(group));
            }
        });
        MenuItem rename = new MenuItem("Rename…");
        rename.disableProperty().bind(Bindings.isNotEmpty(viewModel.changeBlockedProperty()));
        rename.setOnAction(event -> GroupDialog.show(window(), viewModel.editForm()));
        MenuItem delete = new MenuItem("Delete…");
        delete.disableProperty().bind(Bindings.isNotEmpty(viewModel.changeBlockedProperty()));
        delete.setOnAction(event -> confirmDelete());
        list.setContextMenu(new ContextMenu(rename, delete));
        VBox.setVgrow(list, Priority.ALWAYS);
        VBox pane = new VBox(10, list);
        pane.setPadding(new Insets(0, 12, 0, 0));
        return pane;
    }

    private void confirmDelete() {
        Dialogs.confirm(window(), "Delete group", viewModel.deleteQuestion(), "Delete", viewModel::deleteSelected);
    }

    private ScrollPane detailPane() {
        Label name = new Label();
        name.setId("groupTitle");
        name.getStyleClass().add(Styles.TITLE_3);
        name.textProperty().bind(selected(details -> details.group().name()));
        Label description = new Label();
        description.setId("groupDescriptionText");
        description.setWrapText(true);
        description
                .textProperty()
                .bind(selected(details -> details.group().description() == null
                                || details.group().description().isBlank()
                        ? "No description."
                        : details.group().description()));

        Button edit = Forms.button("editGroup", "Rename…", MaterialDesignR.RENAME_BOX);
        edit.setOnAction(event -> GroupDialog.show(window(), viewModel.editForm()));
        Button delete = Forms.button("deleteGroup", "Delete…", MaterialDesignD.DELETE_OUTLINE);
        delete.getStyleClass().add(Styles.DANGER);
        delete.setOnAction(event -> confirmDelete());
        HBox actions = new HBox(
                8,
                Actions.guarded(edit, viewModel.changeBlockedProperty()),
                Actions.guarded(delete, viewModel.changeBlockedProperty()));

        VBox detail = new VBox(
                14,
                name,
                description,
                actions,
                section(MaterialDesignS.SHIELD_KEY_OUTLINE, "Permissions"),
                Forms.hint("What every member may do in each module through this group."),
                matrix(),
                section(MaterialDesignA.ACCOUNT_MULTIPLE_OUTLINE, "Members"),
                membersTable(),
                memberPicker());
        detail.setId("groupDetail");
        detail.visibleProperty().bind(viewModel.selectedProperty().isNotNull());
        detail.managedProperty().bind(detail.visibleProperty());

        Label empty = Forms.hint("Select a group to see its members and permissions.");
        empty.setId("noGroupSelected");
        empty.visibleProperty().bind(viewModel.selectedProperty().isNull());
        empty.managedProperty().bind(empty.visibleProperty());

        VBox content = new VBox(empty, detail);
        content.setPadding(new Insets(4, 4, 4, 16));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        return scroll;
    }

    /** One row per module, one toggle per level; the whole matrix is saved with one button. */
    private VBox matrix() {
        GridPane grid = new GridPane();
        grid.setId("permissionMatrix");
        grid.setHgap(16);
        grid.setVgap(8);
        int row = 0;
        for (Module module : Module.values()) {
            Label caption = new Label(Permissions.module(module));
            caption.setMinWidth(90);
            ToggleGroup levels = new ToggleGroup();
            HBox buttons = new HBox();
            AccessLevel[] values = AccessLevel.values();
            for (int i = 0; i < values.length; i++) {
                AccessLevel level = values[i];
                ToggleButton button = new ToggleButton(Permissions.level(level));
                button.setId("grant-" + module.name() + "-" + level.name());
                button.setToggleGroup(levels);
                button.setUserData(level);
                button.setMinWidth(72);
                button.getStyleClass()
                        .add(
                                i == 0
                                        ? Styles.LEFT_PILL
                                        : i == values.length - 1 ? Styles.RIGHT_PILL : Styles.CENTER_PILL);
                buttons.getChildren().add(Actions.guarded(button, viewModel.grantBlocked(module, level)));
            }
            selectLevel(levels, viewModel.grantProperty(module).get());
            viewModel.grantProperty(module).addListener((observable, old, now) -> selectLevel(levels, now));
            levels.selectedToggleProperty().addListener((observable, old, now) -> {
                if (now == null) {
                    // A pill stays pressed: clicking the chosen level again keeps it.
                    selectLevel(levels, viewModel.grantProperty(module).get());
                } else {
                    viewModel.grantProperty(module).set((AccessLevel) now.getUserData());
                }
            });
            grid.addRow(row++, caption, buttons);
        }
        Button save = Forms.button("saveGrants", "Save permissions", MaterialDesignC.CONTENT_SAVE_OUTLINE);
        save.getStyleClass().add(Styles.ACCENT);
        save.setOnAction(event -> viewModel.saveGrants());
        Button revert = Forms.button("revertGrants", "Undo changes", MaterialDesignR.RESTORE);
        revert.getStyleClass().add(Styles.FLAT);
        revert.visibleProperty().bind(viewModel.grantsChangedProperty());
        revert.setOnAction(event -> viewModel.revertGrants());
        HBox buttons = new HBox(8, Actions.guarded(save, viewModel.saveGrantsBlockedProperty()), revert);
        buttons.setAlignment(Pos.CENTER_LEFT);
        return new VBox(12, grid, buttons);
    }

    private static void selectLevel(ToggleGroup levels, AccessLevel level) {
        levels.getToggles().stream()
                .filter(toggle -> toggle.getUserData() == level)
                .findFirst()
                .ifPresent(toggle -> toggle.setSelected(true));
    }

    private VBox membersTable() {
        TableView<GroupMember> table = new TableView<>(viewModel.members());
        table.setId("membersTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No members yet."));
        table.setPrefHeight(190);
        table.setMinHeight(Region.USE_PREF_SIZE);
        table.getColumns()
                .setAll(List.of(
                        Tables.text("Name", 150, GroupMember::displayName),
                        Tables.text("Email", 200, GroupMember::email),
                        Tables.text("Added", 150, member -> Formats.dateTime(member.addedAt()))));
        Button remove = Forms.button("removeMember", "Remove from group", MaterialDesignA.ACCOUNT_REMOVE_OUTLINE);
        remove.setOnAction(
                event -> viewModel.removeMember(table.getSelectionModel().getSelectedItem()));
        StringBinding removeBlocked = Bindings.createStringBinding(
                () -> !viewModel.changeBlockedProperty().get().isEmpty()
                        ? viewModel.changeBlockedProperty().get()
                        : table.getSelectionModel().getSelectedItem() == null ? "Select a member first." : "",
                viewModel.changeBlockedProperty(),
                table.getSelectionModel().selectedItemProperty());
        return new VBox(8, table, Actions.guarded(remove, removeBlocked));
    }

    /** A searchable list of users to add. */
    private VBox memberPicker() {
        TextField search = new TextField();
        search.setId("memberSearch");
        search.setPromptText("Find a user to add by name or email");
        search.textProperty().bindBidirectional(viewModel.memberQueryProperty());
        PauseTransition pause = new PauseTransition(Duration.millis(300));
        pause.setOnFinished(event -> viewModel.searchCandidates());
        search.textProperty().addListener((observable, old, now) -> pause.playFromStart());
        search.setOnAction(event -> {
            pause.stop();
            viewModel.searchCandidates();
        });
        ListView<UserDetails> found = new ListView<>(viewModel.candidates());
        found.setId("memberCandidates");
        found.setPrefHeight(130);
        found.setMinHeight(Region.USE_PREF_SIZE);
        found.setPlaceholder(new Label("Type to find users."));
        found.setCellFactory(view -> new ListCell<>() {
            @Override
            protected void updateItem(UserDetails user, boolean empty) {
                super.updateItem(user, empty);
                setText(
                        empty || user == null
                                ? null
                                : user.user().displayName() + " — "
                                        + user.user().email());
            }
        });
        Button add = Forms.button("addMember", "Add to group", MaterialDesignA.ACCOUNT_PLUS_OUTLINE);
        add.setOnAction(event -> viewModel.addMember(found.getSelectionModel().getSelectedItem()));
        found.setOnMouseClicked(event -> {
            if (event.getClickCount() == 2) {
                viewModel.addMember(found.getSelectionModel().getSelectedItem());
            }
        });
        StringBinding addBlocked = Bindings.createStringBinding(
                () -> !viewModel.changeBlockedProperty().get().isEmpty()
                        ? viewModel.changeBlockedProperty().get()
                        : found.getSelectionModel().getSelectedItem() == null ? "Choose a user to add first." : "",
                viewModel.changeBlockedProperty(),
                found.getSelectionModel().selectedItemProperty());
        Label caption = new Label("Add a member");
        caption.getStyleClass().add("field-caption");
        VBox picker = new VBox(8, caption, search, found, Actions.guarded(add, addBlocked));
        picker.disableProperty().bind(Bindings.isNotEmpty(viewModel.changeBlockedProperty()));
        return picker;
    }

    private static Label section(Ikon icon, String title) {
        Label label = new Label(title, new FontIcon(icon));
        label.getStyleClass().add(Styles.TITLE_4);
        return label;
    }

    private StringBinding selected(Function<GroupDetails, String> value) {
        return Bindings.createStringBinding(
                () -> viewModel.selectedProperty().get() == null
                        ? ""
                        : value.apply(viewModel.selectedProperty().get()),
                viewModel.selectedProperty());
    }
}
