package dev.bulwark.desktop.vault;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.bulwark.desktop.ui.Actions;
import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Pages;
import dev.bulwark.desktop.ui.Permissions;
import dev.bulwark.desktop.ui.Tables;
import dev.bulwark.desktop.vault.VaultViewModel.Mode;
import dev.bulwark.model.group.Group;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.vault.CustomField;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.HealthItem;
import dev.bulwark.model.vault.SecretVersion;
import dev.bulwark.model.vault.VaultEntry;
import dev.bulwark.model.vault.VaultEntrySummary;
import dev.bulwark.model.vault.VaultHealth;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.ListChangeListener;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToggleGroup;
import javafx.scene.input.KeyCode;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignH;
import org.kordamp.ikonli.materialdesign2.MaterialDesignK;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignN;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/**
 * The Vault page: entries, the trash or the health report on the left; the selected entry on the right with its
 * details (encrypted fields masked until revealed), its versions and its sharing.
 */
public final class VaultView {
    private static final javafx.util.Duration SEARCH_PAUSE = javafx.util.Duration.millis(300);

    private final VaultViewModel viewModel;
    private final Parent root;
    private final TableView<VaultEntrySummary> table = new TableView<>();

    public VaultView(VaultViewModel viewModel) {
        this.viewModel = viewModel;
        Button create = Forms.button("createEntry", "Add entry", MaterialDesignP.PLUS);
        create.getStyleClass().add(Styles.ACCENT);
        create.setOnAction(event -> VaultEntryDialog.show(window(), viewModel.newEntryForm()));
        VBox page = Pages.listAndDetail(
                "Vault",
                listPane(),
                detailPane(),
                0.5,
                viewModel.noticeProperty(),
                viewModel.problemProperty(),
                viewModel.busyProperty(),
                Actions.guarded(create, viewModel.createBlockedProperty()));
        page.setId("vaultPage");
        this.root = page;
    }

    public Parent root() {
        return root;
    }

    private Window window() {
        return root.getScene().getWindow();
    }

    static Ikon icon(EntryKind kind) {
        return switch (kind) {
            case PASSWORD -> MaterialDesignF.FORM_TEXTBOX_PASSWORD;
            case API_KEY -> MaterialDesignK.KEY_VARIANT;
            case SSH_KEY -> MaterialDesignC.CONSOLE;
            case CERTIFICATE -> MaterialDesignC.CERTIFICATE_OUTLINE;
            case SECURE_NOTE -> MaterialDesignN.NOTE_TEXT_OUTLINE;
        };
    }

    // --- the list

    private VBox listPane() {
        ToggleGroup modes = new ToggleGroup();
        HBox modeBar = new HBox(
                modeButton(
                        modes,
                        "modeEntries",
                        "Entries",
                        MaterialDesignS.SAFE_SQUARE_OUTLINE,
                        Mode.ENTRIES,
                        Styles.LEFT_PILL),
                modeButton(modes, "modeTrash", "Trash", MaterialDesignD.DELETE_OUTLINE, Mode.TRASH, Styles.CENTER_PILL),
                modeButton(modes, "modeHealth", "Health", MaterialDesignH.HEART_PULSE, Mode.HEALTH, Styles.RIGHT_PILL));

        TextField search = new TextField();
        search.setId("vaultSearch");
        search.setPromptText("Search by name, URL or tag");
        search.textProperty().bindBidirectional(viewModel.queryProperty());
        PauseTransition pause = new PauseTransition(SEARCH_PAUSE);
        pause.setOnFinished(event -> viewModel.search());
        search.textProperty().addListener((observable, old, now) -> pause.playFromStart());
        search.setOnAction(event -> {
            pause.stop();
            viewModel.search();
        });
        ComboBox<EntryKind> kind = new ComboBox<>();
        kind.setId("vaultKind");
        List<EntryKind> kinds = new ArrayList<>();
        kinds.add(null);
        kinds.addAll(List.of(EntryKind.values()));
        kind.getItems().setAll(kinds);
        kind.setConverter(Forms.displayConverter(VaultText::kind));
        kind.setPromptText("Every kind");
        kind.setCellFactory(list -> kindCell());
        kind.setButtonCell(kindCell());
        kind.valueProperty().bindBidirectional(viewModel.kindFilterProperty());
        kind.valueProperty().addListener((observable, old, now) -> viewModel.search());
        HBox.setHgrow(search, Priority.ALWAYS);
        search.setMaxWidth(Double.MAX_VALUE);
        HBox filters = new HBox(8, search, kind);
        filters.visibleProperty().bind(viewModel.modeProperty().isNotEqualTo(Mode.HEALTH));
        filters.managedProperty().bind(filters.visibleProperty());

        table.setId("vaultTable");
        table.getStyleClass().addAll(Styles.STRIPED, Tweaks.EDGE_TO_EDGE);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.placeholderProperty()
                .bind(Bindings.createObjectBinding(
                        () -> new Label(
                                viewModel.modeProperty().get() == Mode.TRASH
                                        ? "The trash is empty."
                                        : "No entries match the search."),
                        viewModel.modeProperty()));
        TableColumn<VaultEntrySummary, EntryKind> kindColumn = new TableColumn<>("");
        kindColumn.setPrefWidth(36);
        kindColumn.setMinWidth(36);
        kindColumn.setMaxWidth(36);
        kindColumn.setCellValueFactory(
                cell -> new ReadOnlyObjectWrapper<>(cell.getValue().kind()));
        kindColumn.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(EntryKind item, boolean empty) {
                super.updateItem(item, empty);
                setText(null);
                setGraphic(empty || item == null ? null : new FontIcon(icon(item)));
                setTooltip(empty || item == null ? null : new javafx.scene.control.Tooltip(VaultText.kind(item)));
            }
        });
        table.getColumns()
                .setAll(List.of(
                        kindColumn,
                        Tables.text("Name", 150, VaultEntrySummary::name),
                        Tables.text("Username", 110, e -> nonNull(e.username())),
                        Tables.text("URL", 130, e -> nonNull(e.url())),
                        Tables.text("Tags", 100, e -> VaultText.tags(e.tags())),
                        Tables.text("Expires", 90, e -> VaultText.expiry(e.expiresOn()))));
        SortedList<VaultEntrySummary> sorted = new SortedList<>(viewModel.entries());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.getSelectionModel().selectedItemProperty().addListener((observable, old, now) -> {
            VaultEntry shown = viewModel.selectedProperty().get();
            if (now != null && (shown == null || !shown.id().equals(now.id()))) {
                viewModel.select(now);
            }
        });
        viewModel.entries().addListener((ListChangeListener<VaultEntrySummary>) change -> keepSelectionVisible());
        viewModel.selectedProperty().addListener((observable, old, now) -> keepSelectionVisible());
        table.setContextMenu(contextMenu());
        table.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ENTER
                    && viewModel.changeBlockedProperty().get().isEmpty()) {
                VaultEntryDialog.show(window(), viewModel.editForm());
            } else if (event.getCode() == KeyCode.DELETE
                    && viewModel.trashBlockedProperty().get().isEmpty()) {
                if (viewModel.modeProperty().get() == Mode.TRASH) {
                    confirmDestroy();
                } else {
                    confirmDelete();
                }
            } else if (event.getCode() == KeyCode.C && event.isShortcutDown()) {
                copyFirstSecret();
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);
        table.visibleProperty().bind(viewModel.modeProperty().isNotEqualTo(Mode.HEALTH));

        Node health = healthPane();
        health.visibleProperty().bind(viewModel.modeProperty().isEqualTo(Mode.HEALTH));
        StackPane lists = new StackPane(table, health);
        VBox.setVgrow(lists, Priority.ALWAYS);

        Label count = new Label();
        count.setId("vaultCount");
        count.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        count.textProperty().bind(viewModel.listNoteProperty());
        count.visibleProperty().bind(viewModel.modeProperty().isNotEqualTo(Mode.HEALTH));
        count.managedProperty().bind(count.visibleProperty());
        VBox pane = new VBox(10, modeBar, filters, lists, count);
        pane.setPadding(new Insets(0, 12, 0, 0));
        return pane;
    }

    /** A kind as the filter shows it; no kind reads "Every kind". */
    private static javafx.scene.control.ListCell<EntryKind> kindCell() {
        return new javafx.scene.control.ListCell<>() {
            @Override
            protected void updateItem(EntryKind item, boolean empty) {
                super.updateItem(item, empty);
                setText(empty ? null : item == null ? "Every kind" : VaultText.kind(item));
                setGraphic(empty || item == null ? null : new FontIcon(icon(item)));
            }
        };
    }

    private ToggleButton modeButton(ToggleGroup group, String id, String text, Ikon icon, Mode mode, String pill) {
        ToggleButton button = new ToggleButton(text, new FontIcon(icon));
        button.setId(id);
        button.setToggleGroup(group);
        button.getStyleClass().add(pill);
        button.setSelected(viewModel.modeProperty().get() == mode);
        viewModel.modeProperty().addListener((observable, old, now) -> button.setSelected(now == mode));
        button.setOnAction(event -> {
            button.setSelected(true);
            viewModel.show(mode);
        });
        return button;
    }

    private void keepSelectionVisible() {
        VaultEntry shown = viewModel.selectedProperty().get();
        if (shown == null) {
            table.getSelectionModel().clearSelection();
            return;
        }
        VaultEntrySummary current = table.getSelectionModel().getSelectedItem();
        if (current != null && current.id().equals(shown.id())) {
            return;
        }
        table.getItems().stream()
                .filter(row -> row.id().equals(shown.id()))
                .findFirst()
                .ifPresent(row -> table.getSelectionModel()
                        .clearAndSelect(table.getItems().indexOf(row)));
    }

    private ContextMenu contextMenu() {
        MenuItem edit = new MenuItem("Edit…");
        edit.disableProperty().bind(Bindings.isNotEmpty(viewModel.changeBlockedProperty()));
        edit.setOnAction(event -> VaultEntryDialog.show(window(), viewModel.editForm()));
        MenuItem copy = new MenuItem("Copy secret");
        copy.disableProperty()
                .bind(Bindings.createBooleanBinding(
                        () -> viewModel.secretFields().stream()
                                        .noneMatch(f -> f.field().equals("secret"))
                                || viewModel.modeProperty().get() == Mode.TRASH,
                        viewModel.secretFields(),
                        viewModel.modeProperty()));
        copy.setOnAction(event -> copyFirstSecret());
        MenuItem delete = new MenuItem("Move to trash…");
        delete.setOnAction(event -> confirmDelete());
        MenuItem restore = new MenuItem("Restore");
        restore.setOnAction(event -> viewModel.restoreSelected());
        MenuItem destroy = new MenuItem("Destroy…");
        destroy.setOnAction(event -> confirmDestroy());
        for (MenuItem item : List.of(delete, restore, destroy)) {
            item.disableProperty().bind(Bindings.isNotEmpty(viewModel.trashBlockedProperty()));
        }
        delete.visibleProperty().bind(viewModel.modeProperty().isNotEqualTo(Mode.TRASH));
        edit.visibleProperty().bind(delete.visibleProperty());
        copy.visibleProperty().bind(delete.visibleProperty());
        restore.visibleProperty().bind(viewModel.modeProperty().isEqualTo(Mode.TRASH));
        destroy.visibleProperty().bind(restore.visibleProperty());
        return new ContextMenu(edit, copy, restore, new SeparatorMenuItem(), delete, destroy);
    }

    /** Copies the entry's secret itself (not its notes or custom fields), if it has one. */
    private void copyFirstSecret() {
        if (viewModel.modeProperty().get() == Mode.TRASH) {
            return;
        }
        viewModel.secretFields().stream()
                .filter(field -> field.field().equals("secret"))
                .findFirst()
                .ifPresent(viewModel::copy);
    }

    private void confirmDelete() {
        VaultEntry entry = viewModel.selectedProperty().get();
        if (entry == null) {
            return;
        }
        Dialogs.confirm(
                window(),
                "Move to trash",
                "Move " + entry.name() + " to the trash? It can be restored for 30 days.",
                "Move to trash",
                viewModel::deleteSelected);
    }

    private void confirmDestroy() {
        if (viewModel.selectedProperty().get() == null) {
            return;
        }
        Dialogs.confirm(window(), "Destroy entry", viewModel.destroyQuestion(), "Destroy", viewModel::destroySelected);
    }

    private Node healthPane() {
        Label summary = new Label();
        summary.setId("healthSummary");
        summary.setWrapText(true);
        summary.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> {
                            VaultHealth report = viewModel.healthProperty().get();
                            if (report == null) {
                                return "";
                            }
                            return report.checked() + " entries checked: " + report.weak() + " weak, "
                                    + report.reused() + " reused, " + report.expired() + " expired, "
                                    + report.expiring() + " expiring within 14 days.";
                        },
                        viewModel.healthProperty()));
        TableView<HealthItem> items = new TableView<>(viewModel.healthItems());
        items.setId("healthTable");
        items.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        items.setPlaceholder(placeholder("Nothing to fix: no weak, reused, expired or expiring entries."));
        items.getColumns()
                .setAll(List.of(
                        Tables.text("Name", 150, HealthItem::name),
                        Tables.text("Kind", 90, item -> VaultText.kind(item.kind())),
                        Tables.text("Issues", 140, item -> VaultText.issues(item.issues())),
                        Tables.text("Expires", 90, item -> VaultText.expiry(item.expiresOn()))));
        items.setOnMouseClicked(event -> {
            HealthItem item = items.getSelectionModel().getSelectedItem();
            if (item != null) {
                viewModel.openFromHealth(item.entryId());
            }
        });
        items.setOnKeyPressed(event -> {
            HealthItem item = items.getSelectionModel().getSelectedItem();
            if (event.getCode() == KeyCode.ENTER && item != null) {
                viewModel.openFromHealth(item.entryId());
            }
        });
        VBox.setVgrow(items, Priority.ALWAYS);
        Label hint = Forms.hint("Click an entry to open it.");
        VBox pane = new VBox(8, summary, items, hint);
        pane.setId("healthPane");
        return pane;
    }

    // --- the detail

    private ScrollPane detailPane() {
        Label title = new Label();
        title.setId("vaultEntryTitle");
        title.getStyleClass().add(Styles.TITLE_3);
        title.textProperty().bind(selected(VaultEntry::name));
        title.graphicProperty()
                .bind(Bindings.createObjectBinding(
                        () -> viewModel.selectedProperty().get() == null
                                ? null
                                : new FontIcon(
                                        icon(viewModel.selectedProperty().get().kind())),
                        viewModel.selectedProperty()));
        Label kind = new Label();
        kind.setId("vaultEntryKind");
        kind.getStyleClass().add(Styles.TEXT_MUTED);
        kind.textProperty()
                .bind(selected(entry -> VaultText.kind(entry.kind())
                        + (entry.access() == AccessLevel.WRITE ? "" : " · shared with you for reading")));
        Label trashed = new Label();
        trashed.setId("vaultEntryTrashed");
        trashed.getStyleClass().add(Styles.WARNING);
        trashed.textProperty()
                .bind(selected(entry -> entry.deletedAt() == null
                        ? ""
                        : "In the trash since " + Formats.dateTime(entry.deletedAt()) + "."));
        trashed.visibleProperty().bind(trashed.textProperty().isNotEmpty());
        trashed.managedProperty().bind(trashed.visibleProperty());

        Button edit = Forms.button("editEntry", "Edit…", MaterialDesignP.PENCIL_OUTLINE);
        edit.setOnAction(event -> VaultEntryDialog.show(window(), viewModel.editForm()));
        Button delete = Forms.button("deleteEntry", "Move to trash…", MaterialDesignD.DELETE_OUTLINE);
        delete.getStyleClass().add(Styles.DANGER);
        delete.setOnAction(event -> confirmDelete());
        Button restore = Forms.button("restoreEntry", "Restore", MaterialDesignR.RESTORE);
        restore.setOnAction(event -> viewModel.restoreSelected());
        Button destroy = Forms.button("destroyEntry", "Destroy…", MaterialDesignD.DELETE_FOREVER_OUTLINE);
        destroy.getStyleClass().add(Styles.DANGER);
        destroy.setOnAction(event -> confirmDestroy());
        Node editGuard = Actions.guarded(edit, viewModel.changeBlockedProperty());
        Node deleteGuard = Actions.guarded(delete, viewModel.trashBlockedProperty());
        Node restoreGuard = Actions.guarded(restore, viewModel.trashBlockedProperty());
        Node destroyGuard = Actions.guarded(destroy, viewModel.trashBlockedProperty());
        var inTrash = Bindings.createBooleanBinding(
                () -> viewModel.selectedProperty().get() != null
                        && viewModel.selectedProperty().get().deletedAt() != null,
                viewModel.selectedProperty());
        for (Node live : List.of(editGuard, deleteGuard)) {
            live.visibleProperty().bind(inTrash.not());
            live.managedProperty().bind(live.visibleProperty());
        }
        for (Node trash : List.of(restoreGuard, destroyGuard)) {
            trash.visibleProperty().bind(inTrash);
            trash.managedProperty().bind(trash.visibleProperty());
        }
        HBox actions = new HBox(8, editGuard, deleteGuard, restoreGuard, destroyGuard);

        TabPane tabs = new TabPane(
                tab("Details", "detailsTab", detailsTab()),
                tab("Versions", "versionsTab", versionsTab()),
                tab("Sharing", "sharingTab", sharingTab()));
        tabs.setId("vaultEntryTabs");
        tabs.setTabClosingPolicy(TabPane.TabClosingPolicy.UNAVAILABLE);

        VBox detail = new VBox(12, title, kind, trashed, actions, tabs);
        detail.setId("vaultEntryDetail");
        detail.visibleProperty().bind(viewModel.selectedProperty().isNotNull());
        detail.managedProperty().bind(detail.visibleProperty());
        Label empty = Forms.hint("Select an entry to see its details.");
        empty.setId("noEntrySelected");
        empty.visibleProperty().bind(viewModel.selectedProperty().isNull());
        empty.managedProperty().bind(empty.visibleProperty());

        VBox content = new VBox(empty, detail);
        content.setPadding(new Insets(4, 4, 4, 16));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        return scroll;
    }

    private static Tab tab(String text, String id, Node content) {
        Tab tab = new Tab(text, content);
        tab.setId(id);
        return tab;
    }

    private VBox detailsTab() {
        GridPane fields = new GridPane();
        fields.setId("entryFields");
        fields.setHgap(16);
        fields.setVgap(8);
        VBox secrets = new VBox(8);
        secrets.setId("secretFields");
        Runnable rebuild = () -> {
            fillFields(fields);
            fillSecrets(secrets);
        };
        viewModel.selectedProperty().addListener((observable, old, now) -> rebuild.run());
        viewModel.secretFields().addListener((ListChangeListener<SecretField>) change -> fillSecrets(secrets));

        TextField reason = new TextField();
        reason.setId("revealReason");
        reason.textProperty().bindBidirectional(viewModel.reasonProperty());
        reason.promptTextProperty()
                .bind(Bindings.when(viewModel.reasonRequiredProperty())
                        .then("Why do you need it? (required by this server)")
                        .otherwise("Why do you need it? (optional)"));
        Label reasonCaption = new Label("Reason for revealing or copying");
        reasonCaption.getStyleClass().add("field-caption");
        VBox reasonBox = new VBox(4, reasonCaption, reason);
        reasonBox
                .visibleProperty()
                .bind(Bindings.createBooleanBinding(
                        () -> !viewModel.secretFields().isEmpty()
                                && viewModel.selectedProperty().get() != null
                                && viewModel.selectedProperty().get().deletedAt() == null,
                        viewModel.secretFields(),
                        viewModel.selectedProperty()));
        reasonBox.managedProperty().bind(reasonBox.visibleProperty());
        Label hint = Forms.hint("A revealed value is masked again after 30 s; a copied one is cleared from the"
                + " clipboard after 20 s. Every reveal and copy is in the audit trail.");
        hint.getStyleClass().add(Styles.TEXT_SMALL);
        VBox box = new VBox(14, fields, secrets, reasonBox, hint);
        box.setPadding(new Insets(12, 0, 0, 0));
        return box;
    }

    private void fillFields(GridPane grid) {
        grid.getChildren().clear();
        VaultEntry entry = viewModel.selectedProperty().get();
        if (entry == null) {
            return;
        }
        int row = 0;
        row = addRow(grid, row, "Username", "entryUsername", nonNull(entry.username()));
        row = addRow(grid, row, "URL", "entryUrl", nonNull(entry.url()));
        row = addRow(grid, row, "Tags", "entryTags", VaultText.tags(entry.tags()));
        row = addRow(
                grid,
                row,
                "Expires",
                "entryExpires",
                entry.expiresOn() == null ? "Never" : entry.expiresOn().toString());
        int custom = 0;
        for (CustomField field : entry.customFields()) {
            if (!field.secret()) {
                row = addRow(grid, row, field.name(), "customField" + custom++, nonNull(field.value()));
            }
        }
        row = addRow(grid, row, "Created", "entryCreated", Formats.dateTime(entry.createdAt()));
        addRow(grid, row, "Updated", "entryUpdated", Formats.dateTime(entry.updatedAt()));
    }

    private static int addRow(GridPane grid, int row, String caption, String id, String value) {
        Label captionLabel = new Label(caption);
        captionLabel.getStyleClass().add(Styles.TEXT_MUTED);
        captionLabel.setMinWidth(100);
        Label valueLabel = new Label(value.isEmpty() ? "—" : value);
        valueLabel.setId(id);
        valueLabel.setWrapText(true);
        grid.addRow(row, captionLabel, valueLabel);
        return row + 1;
    }

    private void fillSecrets(VBox box) {
        box.getChildren().clear();
        VaultEntry entry = viewModel.selectedProperty().get();
        boolean live = entry != null && entry.deletedAt() == null;
        int i = 0;
        for (SecretField field : viewModel.secretFields()) {
            box.getChildren().add(secretRow(field, i++, live));
        }
    }

    private Node secretRow(SecretField field, int index, boolean live) {
        Label caption = new Label(field.caption());
        caption.getStyleClass().add(Styles.TEXT_MUTED);
        caption.setMinWidth(100);
        Label value = new Label();
        value.setId("secretValue" + index);
        value.textProperty().bind(field.textProperty());
        value.getStyleClass().add(Styles.TEXT_BOLD);
        value.setWrapText(true);
        value.setMinWidth(0);
        value.setMaxWidth(Double.MAX_VALUE);
        Label countdown = new Label();
        countdown.setId("secretCountdown" + index);
        countdown.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        countdown
                .textProperty()
                .bind(Bindings.createStringBinding(
                        () -> field.revealedProperty().get()
                                ? "hidden again in "
                                        + field.secondsLeftProperty().get() + " s"
                                : "",
                        field.revealedProperty(),
                        field.secondsLeftProperty()));
        Button reveal = new Button();
        reveal.setId("reveal" + index);
        reveal.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        reveal.graphicProperty()
                .bind(Bindings.createObjectBinding(
                        () -> new FontIcon(
                                field.revealedProperty().get()
                                        ? MaterialDesignE.EYE_OFF_OUTLINE
                                        : MaterialDesignE.EYE_OUTLINE),
                        field.revealedProperty()));
        reveal.setTooltip(new javafx.scene.control.Tooltip("Reveal or hide " + field.caption()));
        reveal.setOnAction(event -> {
            if (field.revealedProperty().get()) {
                viewModel.hide(field);
            } else {
                viewModel.reveal(field);
            }
        });
        Button copy = new Button(null, new FontIcon(MaterialDesignC.CONTENT_COPY));
        copy.setId("copy" + index);
        copy.getStyleClass().addAll(Styles.BUTTON_ICON, Styles.FLAT);
        copy.setTooltip(new javafx.scene.control.Tooltip("Copy " + field.caption() + " (cleared after 20 s)"));
        copy.setOnAction(event -> viewModel.copy(field));
        reveal.setDisable(!live);
        copy.setDisable(!live);
        VBox shown = new VBox(2, value, countdown);
        countdown.visibleProperty().bind(field.revealedProperty());
        countdown.managedProperty().bind(countdown.visibleProperty());
        shown.setMinWidth(0);
        HBox.setHgrow(shown, Priority.ALWAYS);
        caption.setMinWidth(100);
        HBox row = new HBox(8, caption, shown, reveal, copy);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    private VBox versionsTab() {
        TableView<SecretVersion> versions = new TableView<>(viewModel.versions());
        versions.setId("versionsTable");
        versions.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        versions.setPlaceholder(placeholder("No secret value has been set yet."));
        versions.setPrefHeight(220);
        versions.setMinHeight(Region.USE_PREF_SIZE);
        versions.getColumns()
                .setAll(List.of(
                        Tables.text("Version", 70, v -> v.version() + (v.current() ? " (current)" : "")),
                        Tables.text("Set by", 170, v -> nonNull(v.changedByEmail())),
                        Tables.text("When", 160, v -> Formats.dateTime(v.changedAt()))));
        Button restore = Forms.button("restoreVersion", "Make this version current", MaterialDesignR.RESTORE);
        restore.setOnAction(event -> {
            SecretVersion version = versions.getSelectionModel().getSelectedItem();
            if (version != null) {
                Dialogs.confirm(
                        window(),
                        "Restore version",
                        viewModel.restoreVersionQuestion(version),
                        "Restore",
                        () -> viewModel.restoreVersion(version));
            }
        });
        StringBinding restoreBlocked = Bindings.createStringBinding(
                () -> {
                    if (!viewModel.changeBlockedProperty().get().isEmpty()) {
                        return viewModel.changeBlockedProperty().get();
                    }
                    SecretVersion chosen = versions.getSelectionModel().getSelectedItem();
                    if (chosen == null) {
                        return "Select a version first.";
                    }
                    return chosen.current() ? "This version is the current value." : "";
                },
                viewModel.changeBlockedProperty(),
                versions.getSelectionModel().selectedItemProperty());
        Label hint = Forms.hint("Each change of the secret keeps the previous value; the last 10 are kept.");
        VBox box = new VBox(10, versions, Actions.guarded(restore, restoreBlocked), hint);
        box.setPadding(new Insets(12, 0, 0, 0));
        return box;
    }

    private VBox sharingTab() {
        TableView<ShareRow> shares = new TableView<>(viewModel.sharing());
        shares.setId("sharingTable");
        shares.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        shares.setPlaceholder(placeholder("Shared with no group: only administrators see this entry."));
        shares.setPrefHeight(170);
        shares.setMinHeight(Region.USE_PREF_SIZE);
        TableColumn<ShareRow, AccessLevel> access = new TableColumn<>("Access");
        access.setPrefWidth(130);
        access.setCellValueFactory(cell -> cell.getValue().accessProperty());
        access.setCellFactory(column -> new TableCell<>() {
            @Override
            protected void updateItem(AccessLevel item, boolean empty) {
                super.updateItem(item, empty);
                if (empty || item == null) {
                    setGraphic(null);
                    setText(null);
                    return;
                }
                ShareRow row = getTableView().getItems().get(getIndex());
                ChoiceBox<AccessLevel> choice = new ChoiceBox<>();
                choice.getItems().setAll(AccessLevel.READ, AccessLevel.WRITE);
                choice.setConverter(Forms.displayConverter(Permissions::level));
                choice.setValue(item);
                choice.disableProperty().bind(Bindings.isNotEmpty(viewModel.changeBlockedProperty()));
                choice.valueProperty().addListener((o, old, now) -> viewModel.changeAccess(row, now));
                setGraphic(choice);
                setText(null);
            }
        });
        shares.getColumns().setAll(List.of(Tables.text("Group", 200, ShareRow::groupName), access));

        Button remove = Forms.button("unshare", "Remove", MaterialDesignL.LINK_VARIANT_OFF);
        remove.setOnAction(event -> viewModel.unshare(shares.getSelectionModel().getSelectedItem()));
        StringBinding removeBlocked = Bindings.createStringBinding(
                () -> !viewModel.changeBlockedProperty().get().isEmpty()
                        ? viewModel.changeBlockedProperty().get()
                        : shares.getSelectionModel().getSelectedItem() == null ? "Select a group first." : "",
                viewModel.changeBlockedProperty(),
                shares.getSelectionModel().selectedItemProperty());

        ComboBox<Group> group = new ComboBox<>(viewModel.groups());
        group.setId("shareGroup");
        group.setPromptText("Choose a group");
        group.setConverter(Forms.displayConverter(Group::name));
        ChoiceBox<AccessLevel> level = new ChoiceBox<>();
        level.setId("shareLevel");
        level.getItems().setAll(AccessLevel.READ, AccessLevel.WRITE);
        level.setConverter(Forms.displayConverter(Permissions::level));
        level.setValue(AccessLevel.READ);
        Button add = Forms.button("addShare", "Share", MaterialDesignS.SHARE_VARIANT_OUTLINE);
        add.setOnAction(event -> {
            viewModel.share(group.getValue(), level.getValue());
            group.setValue(null);
        });
        StringBinding addBlocked = Bindings.createStringBinding(
                () -> !viewModel.changeBlockedProperty().get().isEmpty()
                        ? viewModel.changeBlockedProperty().get()
                        : group.getValue() == null ? "Choose a group first." : "",
                viewModel.changeBlockedProperty(),
                group.valueProperty());
        HBox picker = new HBox(8, group, level, Actions.guarded(add, addBlocked));
        picker.setAlignment(Pos.CENTER_LEFT);

        Button save = Forms.button("saveSharing", "Save sharing", MaterialDesignC.CONTENT_SAVE_OUTLINE);
        save.getStyleClass().add(Styles.ACCENT);
        save.setOnAction(event -> viewModel.saveSharing());
        StringBinding saveBlocked = Bindings.createStringBinding(
                () -> !viewModel.changeBlockedProperty().get().isEmpty()
                        ? viewModel.changeBlockedProperty().get()
                        : viewModel.sharingChangedProperty().get() ? "" : "Change the sharing first.",
                viewModel.changeBlockedProperty(),
                viewModel.sharingChangedProperty());
        Button revert = Forms.button("revertSharing", "Undo changes", MaterialDesignR.RESTORE);
        revert.getStyleClass().add(Styles.FLAT);
        revert.visibleProperty().bind(viewModel.sharingChangedProperty());
        revert.setOnAction(event -> viewModel.revertSharing());
        HBox buttons = new HBox(8, Actions.guarded(save, saveBlocked), revert);
        buttons.setAlignment(Pos.CENTER_LEFT);

        Label hint = Forms.hint("Administrators see every entry. Members of a group see the entries shared with it;"
                + " WRITE lets them change them too.");
        VBox box = new VBox(10, shares, Actions.guarded(remove, removeBlocked), picker, buttons, hint);
        box.setPadding(new Insets(12, 0, 0, 0));
        return box;
    }

    private StringBinding selected(Function<VaultEntry, String> value) {
        return Bindings.createStringBinding(
                () -> viewModel.selectedProperty().get() == null
                        ? ""
                        : value.apply(viewModel.selectedProperty().get()),
                viewModel.selectedProperty());
    }

    /** A table's empty-state sentence, wrapped to the table's width. */
    private static Label placeholder(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.setPadding(new Insets(12));
        label.getStyleClass().add(Styles.TEXT_MUTED);
        return label;
    }

    private static String nonNull(String text) {
        return text == null ? "" : text;
    }
}
