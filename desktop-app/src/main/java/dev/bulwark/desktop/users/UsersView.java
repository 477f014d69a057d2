package dev.bulwark.desktop.users;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.bulwark.desktop.ui.Actions;
import dev.bulwark.desktop.ui.ApiTokens;
import dev.bulwark.desktop.ui.Details;
import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.FilePicker;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Pages;
import dev.bulwark.model.auth.SessionInfo;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.token.ApiToken;
import dev.bulwark.model.user.User;
import dev.bulwark.model.user.UserDetails;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SelectionMode;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignK;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** The Users page: a searchable table of users on the left, the selected user on the right. */
public final class UsersView {
    static final Duration SEARCH_PAUSE = Duration.millis(300);

    private final UsersViewModel viewModel;
    private final Parent root;
    private final TableView<UserDetails> table = new TableView<>();

    public UsersView(UsersViewModel viewModel, FilePicker files) {
        this.viewModel = viewModel;
        Button create = Forms.button("createUser", "Create user", MaterialDesignA.ACCOUNT_PLUS_OUTLINE);
        create.getStyleClass().add(Styles.ACCENT);
        create.setOnAction(event -> UserDialog.show(window(), viewModel.newUserForm()));
        Button importUsers = Forms.button("openUserImport", "Import…", MaterialDesignF.FILE_UPLOAD_OUTLINE);
        importUsers.setOnAction(event -> UserImportDialog.show(window(), viewModel.importForm(), files));

        VBox page = Pages.listAndDetail(
                "Users",
                listPane(),
                detailPane(),
                0.6,
                viewModel.noticeProperty(),
                viewModel.problemProperty(),
                viewModel.busyProperty(),
                new HBox(
                        8,
                        Actions.guarded(importUsers, viewModel.createBlockedProperty()),
                        Actions.guarded(create, viewModel.createBlockedProperty())));
        page.setId("usersPage");
        this.root = page;
    }

    public Parent root() {
        return root;
    }

    private Window window() {
        return root.getScene().getWindow();
    }

    private VBox listPane() {
        TextField search = new TextField();
        search.setId("userSearch");
        search.setPromptText("Search by name or email");
        search.textProperty().bindBidirectional(viewModel.queryProperty());
        PauseTransition pause = new PauseTransition(SEARCH_PAUSE);
        pause.setOnFinished(event -> viewModel.search());
        search.textProperty().addListener((observable, old, now) -> pause.playFromStart());
        search.setOnAction(event -> {
            pause.stop();
            viewModel.search();
        });

        Button enable = Forms.button("enableSelected", "Enable", MaterialDesignA.ACCOUNT_CHECK_OUTLINE);
        enable.setOnAction(event -> viewModel.setEnabled(chosen(), true));
        Button disable = Forms.button("disableSelected", "Disable", MaterialDesignA.ACCOUNT_CANCEL_OUTLINE);
        disable.setOnAction(event -> viewModel.setEnabled(chosen(), false));
        Button addToGroup = Forms.button("addToGroup", "Add to group…", MaterialDesignA.ACCOUNT_MULTIPLE_PLUS_OUTLINE);
        addToGroup.setOnAction(event -> chooseGroup());
        table.setId("usersTable");
        table.getSelectionModel().setSelectionMode(SelectionMode.MULTIPLE);
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No users match the search."));
        table.getColumns()
                .setAll(List.of(
                        text("Email", 180, 120, User::email),
                        text("Name", 150, 90, User::displayName),
                        text("Role", 112, 112, user -> Formats.role(user.role())),
                        text("Status", 80, 80, UsersViewModel::status),
                        instant("Last sign-in", 140, 140, User::lastLoginAt)));
        SortedList<UserDetails> sorted = new SortedList<>(viewModel.users());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSelectionModel().selectedItemProperty().addListener((observable, old, now) -> {
            if (now != null
                    && (viewModel.selectedProperty().get() == null
                            || !viewModel.selectedProperty().get().equals(now))) {
                viewModel.select(now);
            }
        });
        viewModel.users().addListener((ListChangeListener<UserDetails>) change -> keepSelectionVisible());
        viewModel.selectedProperty().addListener((observable, old, now) -> keepSelectionVisible());
        table.setContextMenu(contextMenu());
        table.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ENTER
                    && viewModel.manageBlockedProperty().get().isEmpty()) {
                UserDialog.show(window(), viewModel.editForm());
            } else if (event.getCode() == KeyCode.DELETE
                    && viewModel.manageBlockedProperty().get().isEmpty()) {
                confirmDelete();
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        Button more = Forms.button("loadMore", "Load more", MaterialDesignD.DOTS_HORIZONTAL);
        more.getStyleClass().add(Styles.FLAT);
        more.visibleProperty().bind(viewModel.hasMoreProperty());
        more.managedProperty().bind(more.visibleProperty());
        more.disableProperty().bind(viewModel.loadingProperty());
        more.setOnAction(event -> viewModel.loadMore());
        Label count = new Label();
        count.setId("userCount");
        count.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        count.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> viewModel.users().size() == 1
                                ? "1 user shown"
                                : viewModel.users().size() + " users shown",
                        viewModel.users()));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Label with = new Label("With the selected:");
        with.getStyleClass().add(Styles.TEXT_MUTED);
        HBox footer = new HBox(
                8,
                count,
                more,
                gap,
                with,
                Actions.guarded(enable, viewModel.bulkBlockedProperty()),
                Actions.guarded(disable, viewModel.bulkBlockedProperty()),
                Actions.guarded(addToGroup, viewModel.addToGroupBlockedProperty()));
        footer.setAlignment(Pos.CENTER_LEFT);

        search.setMaxWidth(Double.MAX_VALUE);
        VBox pane = new VBox(10, search, table, footer);
        pane.setPadding(new Insets(0, 12, 0, 0));
        return pane;
    }

    /** Keeps the table's selection on the user the ViewModel shows, after rows are replaced. */
    private void keepSelectionVisible() {
        UserDetails shown = viewModel.selectedProperty().get();
        if (shown == null || table.getSelectionModel().getSelectedItems().size() > 1) {
            return;
        }
        UserDetails current = table.getSelectionModel().getSelectedItem();
        if (shown.equals(current)) {
            return;
        }
        table.getItems().stream()
                .filter(row -> row.user().id().equals(shown.user().id()))
                .findFirst()
                .ifPresent(row -> table.getSelectionModel()
                        .clearAndSelect(table.getItems().indexOf(row)));
    }

    private List<UserDetails> chosen() {
        return List.copyOf(table.getSelectionModel().getSelectedItems());
    }

    private ContextMenu contextMenu() {
        MenuItem edit = new MenuItem("Edit…");
        edit.setOnAction(event -> UserDialog.show(window(), viewModel.editForm()));
        MenuItem toggle = new MenuItem();
        toggle.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> viewModel.selectedProperty().get() != null
                                        && !viewModel
                                                .selectedProperty()
                                                .get()
                                                .user()
                                                .enabled()
                                ? "Enable"
                                : "Disable",
                        viewModel.selectedProperty()));
        toggle.setOnAction(event -> viewModel.toggleEnabled());
        MenuItem reset = new MenuItem("Reset password…");
        reset.setOnAction(event -> PasswordResetDialog.show(window(), viewModel.passwordResetForm()));
        MenuItem delete = new MenuItem("Delete…");
        delete.setOnAction(event -> confirmDelete());
        for (MenuItem item : List.of(edit, toggle, reset, delete)) {
            item.disableProperty().bind(Bindings.isNotEmpty(viewModel.manageBlockedProperty()));
        }
        MenuItem group = new MenuItem("Add to group…");
        group.disableProperty().bind(Bindings.isNotEmpty(viewModel.addToGroupBlockedProperty()));
        group.setOnAction(event -> chooseGroup());
        return new ContextMenu(edit, toggle, reset, new SeparatorMenuItem(), group, new SeparatorMenuItem(), delete);
    }

    private void chooseGroup() {
        List<UserDetails> users = chosen();
        viewModel.loadGroups(() -> {
            Dialogs.choose(
                    window(),
                    "Add to group",
                    users.size() == 1 ? "Add 1 user to" : "Add " + users.size() + " users to",
                    List.copyOf(viewModel.groups()),
                    Forms.displayConverter(Group::name),
                    group -> viewModel.addToGroup(users, group));
        });
    }

    private void confirmDelete() {
        Dialogs.confirm(window(), "Delete user", viewModel.deleteQuestion(), "Delete", viewModel::deleteSelected);
    }

    private ScrollPane detailPane() {
        Label name = new Label();
        name.setId("detailName");
        name.getStyleClass().add(Styles.TITLE_3);
        name.textProperty().bind(selected(user -> user.user().displayName()));

        Details fields = new Details()
                .add("Email", "detailEmail", selected(user -> user.user().email()))
                .add(
                        "Role",
                        "detailRole",
                        selected(user -> Formats.role(user.user().role())))
                .add("Status", "detailStatus", selected(user -> UsersViewModel.status(user.user())))
                .add(
                        "Password",
                        "detailPassword",
                        selected(user -> user.user().passwordChangeRequired() ? "Must change at next sign-in" : "Set"))
                .add(
                        "Created",
                        "detailCreated",
                        selected(user -> Formats.dateTime(user.user().createdAt())))
                .add("Last sign-in", "detailLastSignIn", selected(user -> UsersViewModel.lastSignIn(user.user())));

        Label locked = new Label();
        locked.setId("detailLocked");
        locked.setGraphic(new FontIcon(MaterialDesignL.LOCK_CLOCK));
        locked.getStyleClass().add(Styles.WARNING);
        locked.textProperty().bind(selected(UsersViewModel::lock));
        Button unlock = Forms.button("unlockUser", "Unlock", MaterialDesignL.LOCK_OPEN_OUTLINE);
        unlock.setOnAction(event -> viewModel.unlockSelected());
        HBox lock = new HBox(12, locked, Actions.guarded(unlock, viewModel.manageBlockedProperty()));
        lock.setAlignment(Pos.CENTER_LEFT);
        lock.setId("lockState");
        lock.visibleProperty().bind(locked.textProperty().isNotEmpty());
        lock.managedProperty().bind(lock.visibleProperty());

        Button edit = Forms.button("editUser", "Edit…", MaterialDesignA.ACCOUNT_EDIT_OUTLINE);
        edit.setOnAction(event -> UserDialog.show(window(), viewModel.editForm()));
        Button toggle = Forms.button("toggleEnabled", "Disable", MaterialDesignA.ACCOUNT_CANCEL_OUTLINE);
        toggle.textProperty().bind(selected(user -> user.user().enabled() ? "Disable" : "Enable"));
        toggle.setOnAction(event -> viewModel.toggleEnabled());
        Button reset = Forms.button("resetPassword", "Reset password…", MaterialDesignL.LOCK_RESET);
        reset.setOnAction(event -> PasswordResetDialog.show(window(), viewModel.passwordResetForm()));
        Button delete = Forms.button("deleteUser", "Delete…", MaterialDesignD.DELETE_OUTLINE);
        delete.getStyleClass().add(Styles.DANGER);
        delete.setOnAction(event -> confirmDelete());
        FlowPane actions = new FlowPane(
                8,
                8,
                Actions.guarded(edit, viewModel.manageBlockedProperty()),
                Actions.guarded(toggle, viewModel.manageBlockedProperty()),
                Actions.guarded(reset, viewModel.manageBlockedProperty()),
                Actions.guarded(delete, viewModel.manageBlockedProperty()));

        GridPane permissions = new GridPane();
        permissions.setId("permissionsList");
        permissions.setHgap(16);
        permissions.setVgap(10);
        showPermissions(permissions);
        viewModel.permissions().addListener((ListChangeListener<PermissionRow>) change -> showPermissions(permissions));

        TableView<SessionInfo> sessions = new TableView<>(viewModel.sessions());
        sessions.setId("sessionsTable");
        sessions.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        sessions.setPlaceholder(new Label("No active sessions."));
        sessions.setPrefHeight(160);
        sessions.setMinHeight(Region.USE_PREF_SIZE);
        sessions.getColumns()
                .setAll(List.of(
                        plain("Started", 120, session -> Formats.shortDateTime(session.createdAt())),
                        plain("Last used", 120, session -> Formats.shortDateTime(session.lastUsedAt())),
                        plain("Address", 90, session -> session.ip() == null ? "" : session.ip())));
        Button endOne = Forms.button("endSession", "End session", MaterialDesignL.LOGOUT_VARIANT);
        endOne.setOnAction(
                event -> viewModel.endSession(sessions.getSelectionModel().getSelectedItem()));
        StringBinding endOneBlocked = Bindings.createStringBinding(
                () -> !viewModel.manageBlockedProperty().get().isEmpty()
                        ? viewModel.manageBlockedProperty().get()
                        : sessions.getSelectionModel().getSelectedItem() == null ? "Select a session first." : "",
                viewModel.manageBlockedProperty(),
                sessions.getSelectionModel().selectedItemProperty());
        Button endAll = Forms.button("endAllSessions", "End all sessions", MaterialDesignL.LOGOUT);
        StringBinding endAllBlocked = Bindings.createStringBinding(
                () -> !viewModel.manageBlockedProperty().get().isEmpty()
                        ? viewModel.manageBlockedProperty().get()
                        : viewModel.sessions().isEmpty() ? "There are no sessions to end." : "",
                viewModel.manageBlockedProperty(),
                viewModel.sessions());
        endAll.setOnAction(event -> viewModel.endAllSessions());
        FlowPane sessionActions =
                new FlowPane(8, 8, Actions.guarded(endOne, endOneBlocked), Actions.guarded(endAll, endAllBlocked));

        TableView<ApiToken> tokens = new TableView<>(viewModel.tokens());
        tokens.setId("userTokensTable");
        tokens.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        tokens.setPlaceholder(new Label("No API tokens."));
        tokens.setPrefHeight(160);
        tokens.setMinHeight(Region.USE_PREF_SIZE);
        tokens.getColumns()
                .setAll(List.of(
                        plain("Name", 110, ApiToken::name),
                        plain("Expires", 110, token -> ApiTokens.expiry(token, Instant.now())),
                        plain("Last used", 140, ApiTokens::lastUsed),
                        plain("Limited to", 120, ApiTokens::narrowing)));
        Button revokeToken = Forms.button("revokeUserToken", "Revoke token…", MaterialDesignK.KEY_REMOVE);
        revokeToken.setOnAction(event -> {
            ApiToken token = tokens.getSelectionModel().getSelectedItem();
            if (token != null) {
                Dialogs.confirm(
                        window(),
                        "Revoke API token",
                        viewModel.revokeTokenQuestion(token),
                        "Revoke",
                        () -> viewModel.revokeToken(token));
            }
        });
        StringBinding revokeTokenBlocked = Bindings.createStringBinding(
                () -> !viewModel.manageBlockedProperty().get().isEmpty()
                        ? viewModel.manageBlockedProperty().get()
                        : tokens.getSelectionModel().getSelectedItem() == null ? "Select a token first." : "",
                viewModel.manageBlockedProperty(),
                tokens.getSelectionModel().selectedItemProperty());

        VBox detail = new VBox(
                14,
                name,
                fields.grid(),
                lock,
                actions,
                section(MaterialDesignS.SHIELD_ACCOUNT_OUTLINE, "Effective permissions"),
                Forms.hint("What this user may do in each module, and why."),
                permissions,
                section(MaterialDesignM.MONITOR_ACCOUNT, "Sessions"),
                sessions,
                sessionActions,
                section(MaterialDesignK.KEY_CHAIN_VARIANT, "API tokens"),
                tokens,
                Actions.guarded(revokeToken, revokeTokenBlocked),
                UserMfaSection.build(viewModel.mfa()),
                UserIdentitiesSection.build(viewModel.identities()));
        detail.visibleProperty().bind(viewModel.selectedProperty().isNotNull());
        detail.managedProperty().bind(detail.visibleProperty());
        detail.setId("userDetail");

        Label empty = Forms.hint("Select a user to see their details, permissions, sessions and API tokens.");
        empty.setId("noUserSelected");
        empty.visibleProperty().bind(viewModel.selectedProperty().isNull());
        empty.managedProperty().bind(empty.visibleProperty());

        VBox content = new VBox(empty, detail);
        content.setPadding(new Insets(4, 4, 4, 16));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        return scroll;
    }

    /** One row per module: its name, the level in bold, and the reasons underneath, wrapping. */
    private void showPermissions(GridPane grid) {
        grid.getChildren().clear();
        int row = 0;
        for (PermissionRow permission : viewModel.permissions()) {
            Label module = new Label(permission.module());
            module.setMinWidth(70);
            Label level = new Label(permission.level());
            level.setId("level-" + permission.id().name());
            level.getStyleClass().add(Styles.TEXT_BOLD);
            level.setMinWidth(50);
            Label why = new Label(permission.reasons());
            why.setId("why-" + permission.id().name());
            why.setWrapText(true);
            why.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
            GridPane.setHgrow(why, Priority.ALWAYS);
            grid.addRow(row++, module, level, why);
        }
    }

    private static Label section(org.kordamp.ikonli.Ikon icon, String title) {
        Label label = new Label(title, new FontIcon(icon));
        label.getStyleClass().add(Styles.TITLE_4);
        return label;
    }

    private StringBinding selected(Function<UserDetails, String> value) {
        return Bindings.createStringBinding(
                () -> viewModel.selectedProperty().get() == null
                        ? ""
                        : value.apply(viewModel.selectedProperty().get()),
                viewModel.selectedProperty());
    }

    private static TableColumn<UserDetails, String> text(
            String title, double width, double minWidth, Function<User, String> value) {
        TableColumn<UserDetails, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setMinWidth(minWidth);
        column.setCellValueFactory(
                cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue().user())));
        return column;
    }

    private static TableColumn<UserDetails, Instant> instant(
            String title, double width, double minWidth, Function<User, Instant> value) {
        TableColumn<UserDetails, Instant> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setMinWidth(minWidth);
        column.setCellValueFactory(
                cell -> new ReadOnlyObjectWrapper<>(value.apply(cell.getValue().user())));
        column.setComparator(java.util.Comparator.nullsFirst(java.util.Comparator.naturalOrder()));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(Instant item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : Formats.shortDateTime(item));
            }
        });
        return column;
    }

    private static <R> TableColumn<R, String> plain(String title, double width, Function<R, String> value) {
        TableColumn<R, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setSortable(false);
        column.setCellValueFactory(
                cell -> (ObservableValue<String>) new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
