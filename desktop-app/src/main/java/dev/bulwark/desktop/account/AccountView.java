package dev.bulwark.desktop.account;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Actions;
import dev.bulwark.desktop.ui.ApiTokens;
import dev.bulwark.desktop.ui.Details;
import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.FilePicker;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Pages;
import dev.bulwark.desktop.ui.PasswordChangeFields;
import dev.bulwark.model.auth.SessionInfo;
import dev.bulwark.model.token.ApiToken;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignK;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;

/** The "My account" page. */
public final class AccountView {
    private final Parent root;

    public AccountView(AccountViewModel viewModel) {
        this(viewModel, FilePicker.system());
    }

    public AccountView(AccountViewModel viewModel, FilePicker files) {
        Details profile = new Details()
                .add("Email", "profileEmail", viewModel.emailProperty())
                .add("Display name", "profileDisplayName", viewModel.displayNameProperty())
                .add("Role", "profileRole", viewModel.roleProperty())
                .add("Member since", "memberSince", viewModel.memberSinceProperty())
                .add("Last sign-in", "profileLastSignIn", viewModel.lastSignInProperty());

        Button change = Forms.button("changePassword", "Change password", MaterialDesignF.FORM_TEXTBOX_PASSWORD);
        change.getStyleClass().add(Styles.ACCENT);
        change.disableProperty().bind(viewModel.busyProperty());
        change.setOnAction(event -> viewModel.changePassword());
        HBox actions = new HBox(12, change, Forms.busyIndicator(viewModel.busyProperty()));
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox passwordForm = new VBox(14);
        passwordForm
                .getChildren()
                .addAll(PasswordChangeFields.of(
                        viewModel.passwordForm(),
                        viewModel.passwordFeedback(),
                        "Current password",
                        "currentPassword",
                        viewModel.emailProperty()::get,
                        viewModel.displayNameProperty()::get,
                        viewModel::changePassword));
        passwordForm
                .getChildren()
                .addAll(Forms.notice(viewModel.noticeProperty()), Forms.problem(viewModel.problemProperty()), actions);

        FlowPane cards = new FlowPane(
                20,
                20,
                Pages.card(MaterialDesignA.ACCOUNT_CIRCLE_OUTLINE, "Profile", profile.grid()),
                Pages.card(MaterialDesignL.LOCK_RESET, "Change password", passwordForm));
        cards.setAlignment(Pos.TOP_LEFT);
        cards.setPadding(new Insets(16, 0, 0, 0));

        Tab password = new Tab("Password", cards);
        password.setId("tabPassword");
        Tab sessions = new Tab("Sessions", sessionsPane(viewModel.sessions()));
        sessions.setId("tabSessions");
        Tab tokens = new Tab("API tokens", tokensPane(viewModel.tokens()));
        tokens.setId("tabTokens");
        sessions.setOnSelectionChanged(event -> {
            if (sessions.isSelected()) {
                viewModel.sessions().reload();
            }
        });
        tokens.setOnSelectionChanged(event -> {
            if (tokens.isSelected()) {
                viewModel.tokens().reload();
            }
        });
        TabPane tabs = new TabPane(password, sessions, tokens);
        tabs.getTabs().addAll(new MyMfaView(viewModel.mfa(), files).tabs());
        tabs.setId("accountTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);
        this.root = Pages.page("My account", tabs);
        root.setId("accountPage");
    }

    private Window window() {
        return root.getScene().getWindow();
    }

    private static VBox sessionsPane(MySessionsViewModel viewModel) {
        TableView<SessionInfo> table = new TableView<>(viewModel.sessions());
        table.setId("mySessionsTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No active sessions."));
        table.setPrefHeight(260);
        table.getColumns()
                .setAll(List.of(
                        column("Started", 140, s -> Formats.shortDateTime(s.createdAt())),
                        column("Last used", 140, s -> Formats.shortDateTime(s.lastUsedAt())),
                        column("Address", 110, s -> s.ip() == null ? "" : s.ip()),
                        column("Client", 200, s -> s.client() == null ? "" : s.client()),
                        column("", 110, s -> s.current() ? "This session" : "")));

        Button end = Forms.button("endMySession", "End session", MaterialDesignL.LOGOUT_VARIANT);
        end.setOnAction(event -> viewModel.end(table.getSelectionModel().getSelectedItem()));
        StringBinding endBlocked = Bindings.createStringBinding(
                () -> MySessionsViewModel.endBlockedFor(
                        table.getSelectionModel().getSelectedItem()),
                table.getSelectionModel().selectedItemProperty());
        Button endOthers = Forms.button("endOtherSessions", "End all other sessions", MaterialDesignL.LOGOUT);
        endOthers.setOnAction(event -> viewModel.endOthers());
        StringBinding othersBlocked = Bindings.createStringBinding(viewModel::endOthersBlocked, viewModel.sessions());
        HBox actions = new HBox(
                8,
                Actions.guarded(end, endBlocked),
                Actions.guarded(endOthers, othersBlocked),
                Forms.busyIndicator(viewModel.busyProperty()));
        actions.setAlignment(Pos.CENTER_LEFT);

        Label notice = Forms.notice(viewModel.noticeProperty());
        notice.setId("sessionsNotice");
        Label problem = Forms.problem(viewModel.problemProperty());
        problem.setId("sessionsProblem");
        VBox pane = new VBox(
                12,
                Forms.hint("Where you are signed in. Ending a session signs that device out at its next request."),
                notice,
                problem,
                table,
                actions);
        pane.setPadding(new Insets(16, 0, 0, 0));
        pane.setId("mySessions");
        return pane;
    }

    private VBox tokensPane(MyTokensViewModel viewModel) {
        TableView<ApiToken> table = new TableView<>(viewModel.tokens());
        table.setId("myTokensTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No API tokens yet."));
        table.setPrefHeight(260);
        table.getColumns()
                .setAll(List.of(
                        column("Name", 150, ApiToken::name),
                        column("Created", 110, t -> Formats.shortDateTime(t.createdAt())),
                        column("Expires", 115, t -> ApiTokens.expiry(t, Instant.now())),
                        column("Last used", 215, ApiTokens::lastUsed),
                        column("Limited to", 150, ApiTokens::narrowing)));

        Button create = Forms.button("createToken", "Create token…", MaterialDesignK.KEY_PLUS);
        create.getStyleClass().add(Styles.ACCENT);
        create.setOnAction(event -> TokenDialog.show(window(), viewModel.newTokenForm()));
        viewModel.createdProperty().addListener((observable, old, now) -> {
            if (now != null) {
                TokenCreatedDialog.show(window(), now, viewModel);
            }
        });
        Button revoke = Forms.button("revokeMyToken", "Revoke…", MaterialDesignK.KEY_REMOVE);
        revoke.getStyleClass().add(Styles.DANGER);
        revoke.setOnAction(event -> {
            ApiToken token = table.getSelectionModel().getSelectedItem();
            if (token != null) {
                Dialogs.confirm(
                        window(),
                        "Revoke API token",
                        viewModel.revokeQuestion(token),
                        "Revoke",
                        () -> viewModel.revoke(token));
            }
        });
        StringBinding revokeBlocked = Bindings.createStringBinding(
                () -> MyTokensViewModel.revokeBlockedFor(
                        table.getSelectionModel().getSelectedItem()),
                table.getSelectionModel().selectedItemProperty());
        HBox actions = new HBox(
                8, create, Actions.guarded(revoke, revokeBlocked), Forms.busyIndicator(viewModel.busyProperty()));
        actions.setAlignment(Pos.CENTER_LEFT);

        Label notice = Forms.notice(viewModel.noticeProperty());
        notice.setId("tokensNotice");
        Label problem = Forms.problem(viewModel.problemProperty());
        problem.setId("tokensProblem");
        VBox pane = new VBox(
                12,
                Forms.hint("Tokens let scripts call the Bulwark API as you: send one as \"Authorization: Bearer"
                        + " bwk_…\". A token cannot create other tokens or change your password."),
                notice,
                problem,
                table,
                actions);
        pane.setPadding(new Insets(16, 0, 0, 0));
        pane.setId("myTokens");
        return pane;
    }

    private static <R> TableColumn<R, String> column(String title, double width, Function<R, String> value) {
        TableColumn<R, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    public Parent root() {
        return root;
    }
}
