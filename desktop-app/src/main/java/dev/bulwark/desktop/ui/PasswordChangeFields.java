package dev.bulwark.desktop.ui;

import java.util.List;
import java.util.function.Supplier;
import javafx.scene.Node;
import javafx.scene.control.PasswordField;

/** The fields of a {@link PasswordChangeForm} with their labels, errors and the strength bar, in order. */
public final class PasswordChangeFields {
    private PasswordChangeFields() {}

    /**
     * @param currentLabel what the password in use is called here ("Current password", "Temporary password")
     * @param currentId the node id of its field
     * @param onConfirm run on Enter in the last field
     */
    public static List<Node> of(
            PasswordChangeForm form,
            PasswordFeedback feedback,
            String currentLabel,
            String currentId,
            Supplier<String> email,
            Supplier<String> displayName,
            Runnable onConfirm) {
        PasswordField current = new PasswordField();
        current.setId(currentId);
        current.textProperty().bindBidirectional(form.currentProperty());
        PasswordField next = new PasswordField();
        next.setId("newPassword");
        next.textProperty().bindBidirectional(form.nextProperty());
        PasswordField confirm = new PasswordField();
        confirm.setId("confirmNewPassword");
        confirm.textProperty().bindBidirectional(form.confirmationProperty());
        confirm.setOnAction(event -> onConfirm.run());
        return List.of(
                Forms.field(currentLabel, current, form.currentErrorProperty()),
                Forms.field(
                        "New password (" + FieldChecks.PASSWORD_MIN + " to " + FieldChecks.PASSWORD_MAX
                                + " characters)",
                        next,
                        form.nextErrorProperty()),
                new PasswordStrengthBar("newPassword", feedback, next.textProperty(), email, displayName),
                Forms.field("Repeat the new password", confirm, form.confirmationErrorProperty()));
    }
}
