package dev.bulwark.desktop.users;

import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.FieldChecks;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.PasswordStrengthBar;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The dialog that gives a user a temporary password. */
final class PasswordResetDialog {
    private PasswordResetDialog() {}

    static void show(Window owner, PasswordResetViewModel form) {
        PasswordField password = new PasswordField();
        password.setId("temporaryPassword");
        password.textProperty().bindBidirectional(form.temporaryPasswordProperty());
        VBox content = new VBox(
                12,
                Forms.hint("A temporary password for " + form.userName()
                        + ". They must change it at their next sign-in, and their sessions end now."),
                Forms.field(
                        "Temporary password (" + FieldChecks.PASSWORD_MIN + " to " + FieldChecks.PASSWORD_MAX
                                + " characters)",
                        password,
                        form.temporaryPasswordErrorProperty()),
                new PasswordStrengthBar(
                        "temporaryPassword",
                        form.passwordFeedback(),
                        password.textProperty(),
                        form::userEmail,
                        form::userDisplayName),
                Forms.problem(form.problemProperty()));
        Forms.focusWhenShown(password);
        Dialogs.form(
                owner,
                "Reset password",
                "Reset password",
                "confirmReset",
                content,
                form.busyProperty(),
                form.doneProperty(),
                form::reset);
    }
}
