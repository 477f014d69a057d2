package dev.bulwark.desktop.users;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.FilePicker;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Tables;
import dev.bulwark.model.user.UserImportReport;
import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignU;

/** Import users from a CSV file: choose, check, import, and keep the per-row report. */
final class UserImportDialog {
    private UserImportDialog() {}

    static void show(Window owner, UserImportViewModel form, FilePicker files) {
        Button choose = Forms.button("chooseImportFile", "Choose CSV file…", MaterialDesignF.FILE_DELIMITED_OUTLINE);
        choose.disableProperty().bind(form.busyProperty());
        choose.setOnAction(
                event -> files.open(owner, "Import users", "CSV files", "csv").ifPresent(form::check));
        Label file = new Label();
        file.setId("importFileName");
        file.textProperty().bind(form.fileNameProperty());
        HBox chooser = new HBox(12, choose, file, Forms.busyIndicator(form.busyProperty()));
        chooser.setAlignment(Pos.CENTER_LEFT);

        TableView<UserImportReport.Row> table = new TableView<>(form.results());
        table.setId("importResults");
        table.setPlaceholder(new Label("Choose a file to see what would be imported."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.getColumns()
                .addAll(List.of(
                        Tables.text("Row", 60, row -> String.valueOf(row.row())),
                        Tables.text("Email", 220, UserImportReport.Row::email),
                        Tables.text("Result", 100, row -> outcome(row.outcome())),
                        Tables.text("Details", 420, UserImportReport.Row::message)));
        table.getColumns().getFirst().setMinWidth(60);
        table.setRowFactory(view -> new TableRow<>() {
            @Override
            protected void updateItem(UserImportReport.Row item, boolean empty) {
                super.updateItem(item, empty);
                pseudoClassStateChanged(
                        Styles.STATE_DANGER,
                        !empty && item != null && item.outcome() == UserImportReport.Outcome.FAILED);
            }
        });
        table.setPrefHeight(300);
        VBox.setVgrow(table, Priority.ALWAYS);

        Label summary = Forms.sentence(form.summaryProperty());
        summary.setId("importSummary");

        Button importNow = Forms.button("importUsers", "Import", MaterialDesignU.UPLOAD_MULTIPLE);
        importNow.getStyleClass().add(Styles.ACCENT);
        importNow.disableProperty().bind(form.mayImportProperty().not());
        importNow.setOnAction(event -> form.importChecked());
        Button save = Forms.button("saveImportReport", "Save report…", MaterialDesignC.CONTENT_SAVE_OUTLINE);
        save.disableProperty().bind(Bindings.isEmpty(form.results()).or(form.busyProperty()));
        save.setOnAction(event -> files.save(owner, "Save import report", "import-report.csv", "CSV files", "csv")
                .ifPresent(form::saveReport));
        HBox actions = new HBox(12, importNow, save);

        Label hint = Forms.hint("A UTF-8 CSV file whose first row names the columns: email, name, role (Administrator,"
                + " Editor or User) and groups (names separated by semicolons). Every row is checked first;"
                + " nothing is created until you press Import. Imported users have no password: reset it"
                + " for each, or let them sign in through single sign-on.");
        hint.setMinHeight(Region.USE_PREF_SIZE);
        VBox content = new VBox(12, hint, chooser, table, summary, Forms.problem(form.problemProperty()), actions);
        content.setId("userImport");

        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("Import users");
        dialog.setHeaderText("Import users from a CSV file");
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().setMinWidth(880);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.getDialogPane().lookupButton(ButtonType.CLOSE).setId("closeImport");
        dialog.setResizable(true);
        // the window is placed for its first, narrower size: centre it on the console once it has its width
        dialog.setOnShown(event -> {
            dialog.setX(owner.getX() + (owner.getWidth() - dialog.getWidth()) / 2);
            dialog.setY(owner.getY() + Math.max(0, (owner.getHeight() - dialog.getHeight()) / 2));
        });
        dialog.show();
    }

    private static String outcome(UserImportReport.Outcome outcome) {
        return switch (outcome) {
            case CREATED -> "Imported";
            case WOULD_CREATE -> "Ready";
            case FAILED -> "Refused";
        };
    }
}
