package dev.bulwark.desktop.account;

import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.MultiSelect;
import dev.bulwark.desktop.ui.Permissions;
import dev.bulwark.model.permission.Module;
import java.util.List;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.controlsfx.control.CheckComboBox;

/** The dialog that creates an API token. */
final class TokenDialog {
    private TokenDialog() {}

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

        CheckComboBox<Module> modules = MultiSelect.of(
                "tokenModules",
                List.of(Module.values()),
                Permissions::module,
                "Every module you may use",
                form::moduleProperty);
        CheckBox readOnly = new CheckBox("Read-only (it can read, never change)");
        readOnly.setId("tokenReadOnly");
        readOnly.selectedProperty().bindBidirectional(form.readOnlyProperty());

        VBox content = new VBox(
                12,
                Forms.field("Name", name, form.nameErrorProperty()),
                Forms.field("Expires after", expiry),
                Forms.field("Limit to modules", modules),
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
