package dev.bulwark.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Actions;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Tables;
import dev.bulwark.model.backup.Backup;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Tab;
import javafx.scene.control.TableView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignB;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignK;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/** The Backups tab of Settings: the list, "Back up now", "Test restore", schedule, retention and the master key. */
public final class BackupsTab {
    private static final DateTimeFormatter TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm").withZone(ZoneId.systemDefault());

    private final Tab tab;

    public BackupsTab(BackupsViewModel viewModel) {
        Label title = new Label("Encrypted backups", new FontIcon(MaterialDesignB.BACKUP_RESTORE));
        title.getStyleClass().add(Styles.TITLE_4);
        Label explain = Forms.hint("A backup holds the whole database (users, groups, vault, audit trail) and the"
                + " wrapped key sets, encrypted. A restore test restores it into a scratch copy on the server, verifies"
                + " the audit chain and that every key opens, and deletes the copy.");
        Label masterKey = new Label();
        masterKey.setId("masterKeyNote");
        masterKey.setWrapText(true);
        masterKey.setGraphic(new FontIcon(MaterialDesignK.KEY_ALERT));
        masterKey.getStyleClass().add(Styles.WARNING);
        masterKey.textProperty().bind(viewModel.masterKeyNoteProperty());

        TableView<Backup> table = new TableView<>(viewModel.backups());
        table.setId("backupsTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No backup yet. Back up now, or wait for the schedule."));
        table.setPrefHeight(220);
        table.setMinHeight(Region.USE_PREF_SIZE);
        table.getColumns()
                .setAll(List.of(
                        Tables.text("Time", 140, b -> TIME.format(b.createdAt())),
                        Tables.text("Size", 90, b -> BackupsViewModel.size(b.sizeBytes())),
                        Tables.text("Made", 100, Backup::trigger),
                        Tables.text("Restore test", 360, b -> BackupsViewModel.testText(b))));
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener((o, was, now) -> viewModel.selectedProperty().set(now));

        Button backUp = Forms.button("backUpNow", "Back up now", MaterialDesignB.BACKUP_RESTORE);
        backUp.getStyleClass().add(Styles.ACCENT);
        backUp.setOnAction(event -> viewModel.backUpNow());
        Button test = Forms.button("testRestore", "Test restore", MaterialDesignC.CHECK_DECAGRAM);
        test.setOnAction(event -> viewModel.testRestore());
        Button cancel = Forms.button("cancelBackup", "Cancel", MaterialDesignC.CLOSE);
        cancel.setOnAction(event -> viewModel.cancel());
        cancel.visibleProperty().bind(viewModel.runningProperty());
        cancel.managedProperty().bind(cancel.visibleProperty());
        Button refresh = Forms.button("refreshBackups", "Refresh", MaterialDesignR.REFRESH);
        refresh.setOnAction(event -> viewModel.reload());
        HBox buttons = new HBox(
                8,
                Actions.guarded(backUp, viewModel.backUpBlockedProperty()),
                Actions.guarded(test, viewModel.testBlockedProperty()),
                cancel,
                refresh);
        buttons.setAlignment(Pos.CENTER_LEFT);

        ProgressBar bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        bar.setId("backupProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.visibleProperty().bind(viewModel.runningProperty());
        bar.managedProperty().bind(bar.visibleProperty());
        Label progress = new Label();
        progress.setId("backupProgressText");
        progress.textProperty().bind(viewModel.progressProperty());
        progress.visibleProperty().bind(viewModel.runningProperty());
        progress.managedProperty().bind(progress.visibleProperty());

        Label scheduleTitle = new Label("Schedule and retention");
        scheduleTitle.getStyleClass().add(Styles.TITLE_4);
        Label schedule = Forms.sentence(viewModel.scheduleProperty());
        schedule.setId("backupSchedule");
        Label retention = Forms.sentence(viewModel.retentionProperty());
        retention.setId("backupRetention");
        Label directory = Forms.sentence(viewModel.directoryProperty());
        directory.setId("backupDirectory");
        Label settingsHint = Forms.hint("Set with backup.schedule (daily 02:00, every 6h or off), backup.keep (7,"
                + " 30d or 7, 30d) and backup.directory in the server's settings file or BULWARK_BACKUP_* variables."
                + " Restore with the server stopped: ./bulwark server restore --from FILE --data-dir NEW"
                + " --master-key-file KEY.");

        VBox content = new VBox(
                12,
                title,
                explain,
                masterKey,
                Forms.notice(viewModel.noticeProperty()),
                Forms.problem(viewModel.problemProperty()),
                table,
                buttons,
                bar,
                progress,
                scheduleTitle,
                schedule,
                retention,
                directory,
                settingsHint);
        content.getChildren().stream().filter(Label.class::isInstance).forEach(label -> ((Label) label)
                .setMinHeight(Region.USE_PREF_SIZE));
        content.setId("backupsTab");
        content.setPadding(new Insets(16, 4, 4, 4));
        content.setMaxWidth(820);
        this.tab = new Tab("Backups", content);
        tab.setId("backupsTabHeader");
        tab.setClosable(false);
    }

    public Tab tab() {
        return tab;
    }
}
