package dev.bulwark.desktop.users;

import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.FieldChecks;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.PasswordStrengthBar;
import dev.bulwark.model.user.Role;
import javafx.collections.FXCollections;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.PasswordField;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The dialog that creates or edits a user. */
final class UserDialog {
    private UserDialog() {}

    static void show(Window owner, UserFormViewModel form) {
        TextField email = new TextField();
        email.setId("userEmail");
        email.textProperty().bindBidirectional(form.emailProperty());
        TextField name = new TextField();
        name.setId("userDisplayName");
        name.textProperty().bindBidirectional(form.displayNameProperty());
        ChoiceBox<Role> role = new ChoiceBox<>(FXCollections.observableArrayList(Role.values()));
        role.setId("userRole");
        role.setConverter(Forms.displayConverter(Formats::role));
        role.valueProperty().bindBidirectional(form.roleProperty());
        role.setDisable(!form.isRoleEditable());
        if (!form.isRoleEditable()) {
            role.setTooltip(new Tooltip(UsersViewModel.NEEDS_ADMIN_FOR_ROLES));
        }

        VBox content = new VBox(12, Forms.field("Email", email, form.emailErrorProperty()));
        content.getChildren().add(Forms.field("Display name", name, form.displayNameErrorProperty()));
        content.getChildren()
                .add(Forms.field(form.isRoleEditable() ? "Role" : "Role (only administrators change roles)", role));
        if (form.isNew()) {
            PasswordField password = new PasswordField();
            password.setId("userPassword");
            password.textProperty().bindBidirectional(form.passwordProperty());
            content.getChildren()
                    .addAll(
                            Forms.field(
                                    "First password (" + FieldChecks.PASSWORD_MIN + " to " + FieldChecks.PASSWORD_MAX
                                            + " characters)",
                                    password,
                                    form.passwordErrorProperty()),
                            new PasswordStrengthBar(
                                    "userPassword",
                                    form.passwordFeedback(),
                                    password.textProperty(),
                                    email::getText,
                                    name::getText),
                            Forms.hint("They must change it at their first sign-in."));
        }
        content.getChildren().add(Forms.problem(form.problemProperty()));
        content.setId("userForm");
        Forms.focusWhenShown(email);

        Dialogs.form(
                owner,
                form.isNew() ? "Create user" : "Edit user",
                form.isNew() ? "Create" : "Save",
                "saveUser",
                content,
                form.busyProperty(),
                form.doneProperty(),
                form::save);
    }
}
