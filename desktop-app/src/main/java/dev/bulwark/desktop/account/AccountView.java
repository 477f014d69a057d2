package dev.bulwark.desktop.account;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Details;
import dev.bulwark.desktop.ui.FieldChecks;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Pages;
import dev.bulwark.desktop.ui.PasswordStrengthBar;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;

/** The "My account" page. */
public final class AccountView {
    private final Parent root;

    public AccountView(AccountViewModel viewModel) {
        Details profile = new Details()
                .add("Email", "profileEmail", viewModel.emailProperty())
                .add("Display name", "profileDisplayName", viewModel.displayNameProperty())
                .add("Role", "profileRole", viewModel.roleProperty())
                .add("Member since", "memberSince", viewModel.memberSinceProperty())
                .add("Last sign-in", "profileLastSignIn", viewModel.lastSignInProperty());

        PasswordField current = new PasswordField();
        current.setId("currentPassword");
        current.textProperty().bindBidirectional(viewModel.currentPasswordProperty());
        PasswordField next = new PasswordField();
        next.setId("newPassword");
        next.textProperty().bindBidirectional(viewModel.newPasswordProperty());
        PasswordField confirm = new PasswordField();
        confirm.setId("confirmNewPassword");
        confirm.textProperty().bindBidirectional(viewModel.confirmPasswordProperty());
        confirm.setOnAction(event -> viewModel.changePassword());

        Button change = Forms.button("changePassword", "Change password", MaterialDesignF.FORM_TEXTBOX_PASSWORD);
        change.getStyleClass().add(Styles.ACCENT);
        change.disableProperty().bind(viewModel.busyProperty());
        change.setOnAction(event -> viewModel.changePassword());
        HBox actions = new HBox(12, change, Forms.busyIndicator(viewModel.busyProperty()));
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox passwordForm = new VBox(
                14,
                Forms.field("Current password", current, viewModel.currentPasswordErrorProperty()),
                Forms.field(
                        "New password (" + FieldChecks.PASSWORD_MIN + " to " + FieldChecks.PASSWORD_MAX
                                + " characters)",
                        next,
                        viewModel.newPasswordErrorProperty()),
                new PasswordStrengthBar(
                        "newPassword",
                        viewModel.passwordFeedback(),
                        next.textProperty(),
                        viewModel.emailProperty()::get,
                        viewModel.displayNameProperty()::get),
                Forms.field("Repeat the new password", confirm, viewModel.confirmPasswordErrorProperty()),
                Forms.notice(viewModel.noticeProperty()),
                Forms.problem(viewModel.problemProperty()),
                actions);

        FlowPane cards = new FlowPane(
                20,
                20,
                Pages.card(MaterialDesignA.ACCOUNT_CIRCLE_OUTLINE, "Profile", profile.grid()),
                Pages.card(MaterialDesignL.LOCK_RESET, "Change password", passwordForm));
        cards.setAlignment(Pos.TOP_LEFT);
        this.root = Pages.page("My account", cards);
        root.setId("accountPage");
    }

    public Parent root() {
        return root;
    }
}
