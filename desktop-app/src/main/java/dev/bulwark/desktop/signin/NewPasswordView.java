package dev.bulwark.desktop.signin;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.PasswordChangeFields;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;

/** The "Choose a new password" screen after a sign-in with a reset or temporary password. */
public final class NewPasswordView {
    private final StackPane root;

    public NewPasswordView(NewPasswordViewModel viewModel) {
        Button change = Forms.button("setNewPassword", "Set new password", MaterialDesignL.LOCK_RESET);
        change.getStyleClass().add(Styles.ACCENT);
        change.setDefaultButton(true);
        change.disableProperty().bind(viewModel.busyProperty());
        change.setOnAction(event -> viewModel.change());
        HBox actions = new HBox(12, change, Forms.busyIndicator(viewModel.busyProperty()));
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox form = new VBox(14);
        form.getChildren()
                .addAll(PasswordChangeFields.of(
                        viewModel.passwordForm(),
                        viewModel.passwordFeedback(),
                        "Temporary password",
                        "temporaryPassword",
                        viewModel::email,
                        viewModel::displayName,
                        viewModel::change));
        form.getChildren().addAll(Forms.problem(viewModel.problemProperty()), actions);

        Hyperlink signOut = new Hyperlink("Sign out", new FontIcon(MaterialDesignL.LOGOUT));
        signOut.setId("newPasswordSignOut");
        signOut.setOnAction(event -> viewModel.signOut());

        VBox content = new VBox(
                20,
                new VBox(
                        6,
                        Forms.title("Choose a new password"),
                        Forms.hint("The password of " + viewModel.email() + " was set by an administrator or is"
                                + " temporary. Choose your own before you go on; until then this session can do"
                                + " nothing else.")),
                Forms.panel(form),
                signOut);
        content.setMaxWidth(520);
        content.setPadding(new Insets(40, 32, 40, 32));
        root = new StackPane(content);
        root.setId("newPasswordScreen");
        Forms.focusWhenShown(form.lookup("#temporaryPassword"));
    }

    public Parent root() {
        return root;
    }
}
