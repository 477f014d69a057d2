package dev.bulwark.desktop.groups;

import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.Forms;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.VBox;
import javafx.stage.Window;

/** The dialog that creates a group or renames one. */
final class GroupDialog {
    private GroupDialog() {}

    static void show(Window owner, GroupFormViewModel form) {
        TextField name = new TextField();
        name.setId("groupName");
        name.textProperty().bindBidirectional(form.nameProperty());
        TextArea description = new TextArea();
        description.setId("groupDescription");
        description.setPrefRowCount(3);
        description.setWrapText(true);
        description.textProperty().bindBidirectional(form.descriptionProperty());
        VBox content = new VBox(
                12,
                Forms.field("Name", name, form.nameErrorProperty()),
                Forms.field("Description", description),
                Forms.problem(form.problemProperty()));
        content.setId("groupForm");
        Forms.focusWhenShown(name);
        Dialogs.form(
                owner,
                form.isNew() ? "Create group" : "Edit group",
                form.isNew() ? "Create" : "Save",
                "saveGroup",
                content,
                form.busyProperty(),
                form.doneProperty(),
                form::save);
    }
}
