package dev.bulwark.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Actions;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Tables;
import dev.bulwark.model.vault.KeyUsage;
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
import org.kordamp.ikonli.materialdesign2.MaterialDesignK;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;

/** The Keys tab of Settings: the vault's data keys, the rotation's progress, and starting a rotation. */
public final class KeysTab {
    private final Tab tab;

    public KeysTab(KeysViewModel viewModel) {
        Label title = new Label("Vault data keys", new FontIcon(MaterialDesignK.KEY_CHAIN_VARIANT));
        title.getStyleClass().add(Styles.TITLE_4);
        Label explain = Forms.hint("Every secret in the vault is encrypted with a data key. Rotating adds a new"
                + " primary key and re-encrypts every value with it in the background; the older keys are"
                + " disabled once nothing uses them. Nothing is lost if the server stops half-way: it finishes"
                + " the job when it starts again.");

        ProgressBar bar = new ProgressBar();
        bar.setId("rotationProgress");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.progressProperty().bind(viewModel.progressProperty());
        Label summary = new Label();
        summary.setId("rotationSummary");
        summary.setWrapText(true);
        summary.textProperty().bind(viewModel.summaryProperty());

        TableView<KeyUsage> table = new TableView<>(viewModel.keys());
        table.setId("keysTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No key status yet."));
        table.setPrefHeight(170);
        table.setMinHeight(Region.USE_PREF_SIZE);
        table.getColumns()
                .setAll(List.of(
                        Tables.text("Key", 120, key -> Long.toString(key.keyId())),
                        Tables.text("State", 140, key -> state(key.state())),
                        Tables.text("Values", 120, key -> Long.toString(key.values()))));

        Button rotate = Forms.button("rotateKeys", "Rotate data key", MaterialDesignR.ROTATE_RIGHT);
        rotate.getStyleClass().add(Styles.ACCENT);
        rotate.setOnAction(event -> viewModel.rotate());
        Button refresh = Forms.button("refreshKeys", "Refresh", MaterialDesignR.REFRESH);
        refresh.setOnAction(event -> viewModel.refresh());
        HBox buttons = new HBox(8, Actions.guarded(rotate, viewModel.rotateBlockedProperty()), refresh);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label master = new Label("Master key", new FontIcon(MaterialDesignK.KEY_VARIANT));
        master.getStyleClass().add(Styles.TITLE_4);
        Label masterHint = Forms.hint("The master key wraps the data keys and is read from the key file or"
                + " BULWARK_MASTER_KEY. It is rotated with the server stopped: ./bulwark server rotate-keys"
                + " --master --data-dir DIR re-wraps the key sets without touching any secret.");

        VBox content = new VBox(
                12,
                new HBox(12, title, Forms.busyIndicator(viewModel.busyProperty())),
                explain,
                Forms.notice(viewModel.noticeProperty()),
                Forms.problem(viewModel.problemProperty()),
                bar,
                summary,
                table,
                buttons,
                master,
                masterHint);
        content.setId("keysTab");
        content.setPadding(new Insets(16, 4, 4, 4));
        content.setMaxWidth(720);
        this.tab = new Tab("Keys", content);
        tab.setId("keysTabHeader");
        tab.setClosable(false);
    }

    /** PRIMARY, ENABLED, DISABLED as words: "Primary", "Enabled", "Disabled". */
    static String state(String state) {
        if (state == null || state.isEmpty()) {
            return "";
        }
        String lower = state.toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        return Character.toUpperCase(lower.charAt(0)) + lower.substring(1);
    }

    public Tab tab() {
        return tab;
    }
}
