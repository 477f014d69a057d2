package dev.bulwark.desktop.account;

import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Permissions;
import dev.bulwark.model.permission.Module;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The dialog that creates an API token. */
final class TokenDialog {
    private TokenDialog() {}

    private static VBox fieldOf(String text, FlowPane modules) {
        Label label = new Label(text);
        label.getStyleClass().add("field-caption");
        VBox box = new VBox(4, label, modules);
        box.getStyleClass().add("form-field");
        return box;
    }

    static void show(Window owner, TokenFormViewModel form) {
        TextField name = new TextField();
        name.setId("tokenName");
        name.setPromptText("For example: nightly backup script");
        name.textProperty().bindBidirectional(form.nameProperty());

        ChoiceBox<Integer> expiry = new ChoiceBox<>();
        expiry.setId("tokenExpiry");
        expiry.getItems().setAll(TokenFormViewModel.EXPIRY_CHOICES);
        expiry.setConverter(Forms.displayConverter(days -> days == 365 ? "1 year" : days + " days"));
        expiry.valueProperty().bindBidirectional(form.expiresInDaysProperty());

        FlowPane modules = new FlowPane(12, 8);
        modules.setId("tokenModules");
        for (Module module : Module.values()) {
            CheckBox box = new CheckBox(Permissions.module(module));
            box.setId("tokenModule-" + module.name());
            box.selectedProperty().bindBidirectional(form.moduleProperty(module));
            modules.getChildren().add(box);
        }
        CheckBox readOnly = new CheckBox("Read-only (it can read, never change)");
        readOnly.setId("tokenReadOnly");
        readOnly.selectedProperty().bindBidirectional(form.readOnlyProperty());

        VBox content = new VBox(
                12,
                Forms.field("Name", name, form.nameErrorProperty()),
                Forms.field("Expires after", expiry),
                fieldOf("Limit to modules", modules),
                Forms.hint("Leave every module unchecked to let the token use all the modules you may use."),
                readOnly,
                Forms.hint("The token acts with your permissions at the moment it is used, limited as chosen here."),
                Forms.problem(form.problemProperty()));
        content.setId("tokenForm");
        Forms.focusWhenShown(name);
        Dialogs.form(
                owner,
                "Create API token",
                "Create",
                "saveToken",
                content,
                form.busyProperty(),
                form.doneProperty(),
                form::save);
    }
}
