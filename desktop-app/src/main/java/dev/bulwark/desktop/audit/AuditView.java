package dev.bulwark.desktop.audit;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.bulwark.desktop.audit.AuditViewModel.ChangeRow;
import dev.bulwark.desktop.audit.AuditViewModel.DetailField;
import dev.bulwark.desktop.audit.AuditViewModel.Integrity;
import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.FilePicker;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Validation;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditExportFormat;
import dev.bulwark.model.audit.AuditOutcome;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.css.PseudoClass;
import javafx.geometry.Insets;
import javafx.geometry.Orientation;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ContextMenu;
import javafx.scene.control.Label;
import javafx.scene.control.MenuItem;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.TextInputDialog;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.FlowPane;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import org.controlsfx.control.CheckComboBox;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignF;
import org.kordamp.ikonli.materialdesign2.MaterialDesignI;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/** The audit page: filters and quick views, the event list, the selected event's details, the integrity badge. */
public final class AuditView {
    /** How close to the end of the list a shown row makes the next page load. */
    private static final int LOAD_AHEAD_ROWS = 20;

    /** How many caption-value pairs the detail pane puts side by side. */
    private static final int FIELD_PAIRS_PER_ROW = 2;

    private static final PseudoClass FAILED = PseudoClass.getPseudoClass("failed");

    private final AuditViewModel viewModel;
    private final SavedViewsViewModel savedViews;
    private final TimelineViewModel timeline;
    private final ExportViewModel export;
    private final FilePicker files;
    private final BorderPane root = new BorderPane();

    /** @param files asks where an export goes */
    public AuditView(
            AuditViewModel viewModel,
            SavedViewsViewModel savedViews,
            TimelineViewModel timeline,
            ExportViewModel export,
            FilePicker files) {
        this.viewModel = viewModel;
        this.savedViews = savedViews;
        this.timeline = timeline;
        this.export = export;
        this.files = files;
        root.setId("auditPage");
        VBox top = new VBox(
                10,
                titleRow(),
                exportRow(),
                filters(),
                quickViews(),
                savedViewsRow(),
                Forms.problem(viewModel.problemProperty()),
                timelinePane());
        top.setPadding(new Insets(24, 32, 12, 32));
        root.setTop(top);

        // The details take room only while an event is selected, so the list shows as many rows as fit.
        Node details = detailPane();
        TableView<AuditEvent> list = table();
        SplitPane split = new SplitPane(list);
        split.setOrientation(Orientation.VERTICAL);
        viewModel.selectedProperty().addListener((observable, old, now) -> showDetails(split, list, details, now));
        BorderPane.setMargin(split, new Insets(0, 32, 12, 32));
        root.setCenter(split);

        Label summary = Forms.sentence(viewModel.summaryProperty(), Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        summary.setId("auditSummary");
        HBox bottom = new HBox(12, summary, Forms.busyIndicator(viewModel.loadingProperty()));
        bottom.setAlignment(Pos.CENTER_LEFT);
        bottom.setPadding(new Insets(0, 32, 16, 32));
        root.setBottom(bottom);
    }

    public Parent root() {
        return root;
    }

    private HBox titleRow() {
        Label heading = new Label("Audit trail");
        heading.getStyleClass().add(Styles.TITLE_2);
        heading.setMinWidth(Region.USE_PREF_SIZE);

        Label badge = new Label();
        badge.setId("integrityBadge");
        badge.textProperty().bind(viewModel.integrityTextProperty());
        badge.setMinWidth(0);
        Tooltip whole = new Tooltip();
        whole.textProperty().bind(viewModel.integrityTextProperty());
        badge.setTooltip(whole);
        badge.getStyleClass().add("integrity-badge");
        showIntegrity(badge, viewModel.integrityProperty().get());
        viewModel.integrityProperty().addListener((observable, old, now) -> showIntegrity(badge, now));

        Button verify = Forms.button("verifyNow", "Verify now", MaterialDesignS.SHIELD_SYNC_OUTLINE);
        verify.disableProperty().bind(viewModel.verifyingProperty());
        verify.setOnAction(event -> viewModel.verify());

        ToggleButton tail = new ToggleButton("Live tail", new FontIcon(MaterialDesignC.CAST_CONNECTED));
        tail.setId("liveTail");
        tail.setMinWidth(Region.USE_PREF_SIZE);
        tail.setTooltip(new Tooltip("Show new events as they are recorded"));
        tail.selectedProperty().bindBidirectional(viewModel.liveTailProperty());

        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button exportButton = Forms.button("exportEvents", "Export…", MaterialDesignE.EXPORT);
        exportButton.disableProperty().bind(export.runningProperty());
        exportButton.setOnAction(event -> chooseExport());

        HBox row = new HBox(12, heading, gap, badge, verify, tail, exportButton);
        row.setAlignment(Pos.CENTER_LEFT);
        return row;
    }

    /** Asks for the format, then the file, then exports in the background. */
    private void chooseExport() {
        if (!export.check()) {
            return;
        }
        Dialogs.choose(
                root.getScene().getWindow(),
                "Export the events on show",
                "Format:",
                List.of(AuditExportFormat.CSV, AuditExportFormat.BUNDLE),
                Forms.displayConverter(format -> switch (format) {
                    case CSV -> "CSV (for spreadsheets)";
                    case BUNDLE -> "Verifiable bundle (checked by bulwark-server verify-export)";
                }),
                format -> files.save(
                                root.getScene().getWindow(),
                                "Export to",
                                ExportViewModel.suggestedName(format),
                                format == AuditExportFormat.CSV ? "CSV files" : "Verifiable bundles",
                                format == AuditExportFormat.CSV ? "csv" : "jsonl")
                        .ifPresent(target -> export.export(format, target)));
    }

    private VBox exportRow() {
        ProgressBar bar = new ProgressBar(ProgressBar.INDETERMINATE_PROGRESS);
        bar.setPrefWidth(160);
        Label progress = Forms.sentence(export.progressProperty(), Styles.TEXT_SMALL);
        progress.setId("exportProgress");
        Button cancel = smallButton("cancelExport", "Cancel export", MaterialDesignC.CLOSE);
        cancel.setOnAction(event -> export.cancel());
        HBox running = new HBox(10, bar, progress, cancel);
        running.setAlignment(Pos.CENTER_LEFT);
        running.visibleProperty().bind(export.runningProperty());
        running.managedProperty().bind(running.visibleProperty());
        Label notice = Forms.sentence(export.noticeProperty(), Styles.SUCCESS, Styles.TEXT_SMALL);
        notice.setId("exportNotice");
        Label problem = Forms.sentence(export.problemProperty(), Styles.DANGER, Styles.TEXT_SMALL);
        problem.setId("exportProblem");
        VBox box = new VBox(4, running, notice, problem);
        box.visibleProperty()
                .bind(export.runningProperty()
                        .or(export.noticeProperty().isNotEmpty())
                        .or(export.problemProperty().isNotEmpty()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private VBox timelinePane() {
        TimelineChart chart = new TimelineChart(timeline.buckets(), timeline::choose);
        Label caption = Forms.sentence(timeline.captionProperty(), Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        caption.setId("timelineCaption");
        Label problem = Forms.sentence(timeline.problemProperty(), Styles.DANGER, Styles.TEXT_SMALL);
        problem.setId("timelineProblem");
        return new VBox(4, chart, caption, problem);
    }

    private static void showIntegrity(Label badge, Integrity integrity) {
        badge.getStyleClass().removeAll(Styles.SUCCESS, Styles.DANGER, Styles.TEXT_MUTED);
        Ikon icon =
                switch (integrity) {
                    case VERIFIED -> MaterialDesignS.SHIELD_CHECK;
                    case BROKEN -> MaterialDesignS.SHIELD_ALERT;
                    case CHECKING, UNKNOWN -> MaterialDesignS.SHIELD_OUTLINE;
                };
        badge.getStyleClass()
                .add(
                        switch (integrity) {
                            case VERIFIED -> Styles.SUCCESS;
                            case BROKEN -> Styles.DANGER;
                            case CHECKING, UNKNOWN -> Styles.TEXT_MUTED;
                        });
        badge.setGraphic(new FontIcon(icon));
    }

    private FlowPane filters() {
        ComboBox<TimeRange> range = new ComboBox<>();
        range.setId("timeRange");
        range.getItems()
                .setAll(Arrays.stream(TimeRange.values())
                        .filter(r -> r != TimeRange.CHOSEN)
                        .toList());
        range.valueProperty().bindBidirectional(viewModel.timeRangeProperty());
        Label chosen = Forms.sentence(viewModel.chosenPeriodProperty(), Styles.TEXT_SMALL);
        chosen.setId("chosenPeriod");
        chosen.setWrapText(false);
        chosen.setMinWidth(Region.USE_PREF_SIZE);
        TextField from =
                textFilter("fromFilter", "From " + AuditViewModel.DATE_TIME_FORMAT, viewModel.fromTextProperty());
        from.setPrefColumnCount(10);
        from.setTooltip(new Tooltip("The start of a period of your own, in this computer's time zone"));
        Validation.decorate(from, viewModel.fromErrorProperty());
        TextField to = textFilter("toFilter", "To (empty: now)", viewModel.toTextProperty());
        to.setPrefColumnCount(10);
        to.setTooltip(new Tooltip("The end of the period, " + AuditViewModel.DATE_TIME_FORMAT + "; empty for now"));
        Validation.decorate(to, viewModel.toErrorProperty());

        TextField actor = textFilter("actorFilter", "Actor email or id", viewModel.actorProperty());

        CheckComboBox<String> action = actionFilter();

        ComboBox<OutcomeChoice> outcome = new ComboBox<>();
        outcome.setId("outcomeFilter");
        outcome.getItems().setAll(OutcomeChoice.values());
        outcome.valueProperty().bindBidirectional(viewModel.outcomeProperty());

        ComboBox<String> targetType = new ComboBox<>();
        targetType.setId("targetTypeFilter");
        targetType.setEditable(true);
        targetType.setPromptText("Any target");
        targetType.getItems().setAll(TARGET_TYPES);
        targetType.setPrefWidth(130);
        targetType.setTooltip(new Tooltip("The kind of target: user, group, vault-entry, …"));
        targetType.valueProperty().bindBidirectional(viewModel.targetTypeProperty());
        TextField target = textFilter("targetFilter", "Target id or name", viewModel.targetProperty());
        target.setPrefColumnCount(12);

        TextField ip = textFilter("ipFilter", "IP address", viewModel.ipProperty());
        ip.setPrefColumnCount(10);
        TextField text = textFilter("textFilter", "Search text", viewModel.textProperty());

        Button apply = Forms.button("applyFilters", "Apply", MaterialDesignF.FILTER_OUTLINE);
        apply.getStyleClass().add(Styles.ACCENT);
        apply.setOnAction(event -> viewModel.apply());
        Button clear = Forms.button("clearFilters", "Clear", MaterialDesignF.FILTER_REMOVE_OUTLINE);
        clear.setOnAction(event -> viewModel.clearFilters());

        FlowPane filters = new FlowPane(
                10, 10, range, from, to, chosen, actor, action, outcome, targetType, target, ip, text, apply, clear);
        filters.setAlignment(Pos.CENTER_LEFT);
        return filters;
    }

    /** The kinds of target the server records, offered in the target filter (any other can be typed). */
    private static final List<String> TARGET_TYPES =
            List.of("user", "group", "vault-entry", "api-token", "session", "settings", "backup", "audit-trail");

    /**
     * The action filter: every action, checkable (ControlsFX {@code CheckComboBox}); its title names the choice
     * as the view model has it, such as a quick view's name.
     */
    private CheckComboBox<String> actionFilter() {
        CheckComboBox<String> action =
                new CheckComboBox<>(FXCollections.observableArrayList(Arrays.stream(AuditAction.values())
                        .map(AuditAction::code)
                        .sorted()
                        .toList()));
        action.setId("actionFilter");
        action.setPrefWidth(230);
        action.setTooltip(new Tooltip("Check one or several actions; none checked means any action"));
        action.titleProperty()
                .bind(Bindings.createStringBinding(
                        () -> viewModel.actionProperty().get().label(), viewModel.actionProperty()));
        boolean[] syncing = {false};
        Runnable fromViewModel = () -> {
            syncing[0] = true;
            try {
                action.getCheckModel().clearChecks();
                viewModel.actionProperty().get().codes().forEach(action.getCheckModel()::check);
            } finally {
                syncing[0] = false;
            }
        };
        fromViewModel.run();
        viewModel.actionProperty().addListener((observable, old, now) -> fromViewModel.run());
        action.getCheckModel().getCheckedItems().addListener((ListChangeListener<String>) change -> {
            if (!syncing[0]) {
                List<String> checked = action.getItems().stream()
                        .filter(action.getCheckModel()::isChecked)
                        .toList();
                viewModel.actionProperty().set(ActionChoice.checked(checked));
            }
        });
        return action;
    }

    private TextField textFilter(String id, String prompt, StringProperty value) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.setPrefColumnCount(14);
        field.textProperty().bindBidirectional(value);
        field.setOnAction(event -> viewModel.apply());
        return field;
    }

    private FlowPane quickViews() {
        Label caption = new Label("Quick views");
        caption.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        FlowPane box = new FlowPane(8, 6, caption);
        box.setAlignment(Pos.CENTER_LEFT);
        box.getChildren()
                .addAll(
                        quickView("quickFailedSignIns", QuickView.FAILED_SIGN_INS, MaterialDesignL.LOGIN_VARIANT),
                        quickView("quickNewAddresses", QuickView.NEW_ADDRESSES, MaterialDesignM.MAP_MARKER_OUTLINE),
                        quickView("quickSecretReveals", QuickView.SECRET_REVEALS, MaterialDesignE.EYE_OUTLINE),
                        quickView("quickDenials", QuickView.PERMISSION_DENIALS, MaterialDesignC.CANCEL),
                        quickView("quickAdminChanges", QuickView.ADMIN_CHANGES, MaterialDesignA.ACCOUNT_EDIT_OUTLINE),
                        quickView("quickSignOuts", QuickView.SIGN_OUTS, MaterialDesignL.LOGOUT));
        return box;
    }

    private VBox savedViewsRow() {
        Label caption = new Label("Saved views");
        caption.getStyleClass().addAll(Styles.TEXT_MUTED, Styles.TEXT_SMALL);
        caption.setMinWidth(Region.USE_PREF_SIZE);
        ComboBox<SavedView> views = new ComboBox<>(savedViews.views());
        views.setId("savedViews");
        views.setPromptText("Choose a saved view");
        views.setPrefWidth(210);
        views.setOnAction(event -> savedViews.apply(views.getValue()));

        Button save = smallButton("saveView", "Save view…", MaterialDesignC.CONTENT_SAVE_OUTLINE);
        save.setTooltip(new Tooltip("Save the current filters under a name"));
        save.setOnAction(event ->
                askText("viewName", "Save the current filters", "Name of the view:", "", savedViews::saveCurrent));
        Button delete = smallButton("deleteView", "Delete", MaterialDesignD.DELETE_OUTLINE);
        delete.disableProperty().bind(views.valueProperty().isNull());
        delete.setOnAction(event -> savedViews.delete(views.getValue()));
        Button share = smallButton("shareView", "Copy as text", MaterialDesignC.CONTENT_COPY);
        share.disableProperty().bind(views.valueProperty().isNull());
        share.setOnAction(event -> {
            savedViews.share(views.getValue());
            ClipboardContent content = new ClipboardContent();
            content.putString(savedViews.sharedTextProperty().get());
            Clipboard.getSystemClipboard().setContent(content);
        });
        Button importView = smallButton("importView", "Import…", MaterialDesignI.IMPORT);
        importView.setOnAction(event -> askText(
                "importText",
                "Import a shared view",
                "Paste the text that starts with " + SavedViewText.PREFIX,
                "",
                savedViews::importText));
        FlowPane row = new FlowPane(8, 6, caption, views, save, delete, share, importView);
        row.setAlignment(Pos.CENTER_LEFT);

        TextField shared = new TextField();
        shared.setId("sharedViewText");
        shared.setEditable(false);
        shared.textProperty().bind(savedViews.sharedTextProperty());
        shared.visibleProperty().bind(savedViews.sharedTextProperty().isNotEmpty());
        shared.managedProperty().bind(shared.visibleProperty());
        Label notice = Forms.sentence(savedViews.noticeProperty(), Styles.SUCCESS, Styles.TEXT_SMALL);
        notice.setId("viewsNotice");
        Label problem = Forms.sentence(savedViews.problemProperty(), Styles.DANGER, Styles.TEXT_SMALL);
        problem.setId("viewsProblem");
        return new VBox(6, row, notice, problem, shared);
    }

    private static Button smallButton(String id, String text, Ikon icon) {
        Button button = Forms.button(id, text, icon);
        button.getStyleClass().addAll(Styles.SMALL, Styles.BUTTON_OUTLINED);
        return button;
    }

    /** Asks for one line of text; {@code then} gets it when the person confirms. */
    private void askText(String id, String title, String prompt, String initial, Consumer<String> then) {
        TextInputDialog dialog = new TextInputDialog(initial);
        dialog.initOwner(root.getScene().getWindow());
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        dialog.setContentText(prompt);
        dialog.getEditor().setId(id);
        dialog.getEditor().setPrefColumnCount(30);
        ((Button) dialog.getDialogPane().lookupButton(ButtonType.OK)).setId(id + "Confirm");
        dialog.resultProperty().addListener((observable, old, result) -> {
            if (result != null) {
                then.accept(result);
            }
        });
        dialog.show();
    }

    private Button quickView(String id, QuickView view, Ikon icon) {
        Button button = Forms.button(id, view.label(), icon);
        button.getStyleClass().addAll(Styles.SMALL, Styles.BUTTON_OUTLINED);
        button.setOnAction(event -> viewModel.show(view));
        return button;
    }

    private TableView<AuditEvent> table() {
        TableView<AuditEvent> table = new TableView<>(viewModel.events());
        table.setId("auditTable");
        table.getStyleClass().addAll(Styles.DENSE, Tweaks.EDGE_TO_EDGE, "audit-table");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.setPlaceholder(new Label("No events match these filters."));
        TableColumn<AuditEvent, String> time = column("Time", 160, event -> AuditText.time(event.occurredAt()));
        // The time is never cut short: it is what a reviewer reads first.
        time.setMinWidth(155);
        table.getColumns()
                .setAll(
                        time,
                        column("Actor", 180, event -> AuditText.actor(event.actor())),
                        column("Action", 160, AuditEvent::action),
                        column("Target", 170, AuditText::target),
                        outcomeColumn(),
                        column("IP", 100, event -> AuditText.orNone(event.sourceIp())));
        table.setRowFactory(view -> new EventRow());

        table.addEventHandler(KeyEvent.KEY_PRESSED, event -> {
            if (event.getCode() == KeyCode.ESCAPE
                    && viewModel.selectedProperty().get() != null) {
                viewModel.selectedProperty().set(null);
                event.consume();
            }
        });
        table.getSelectionModel().selectedItemProperty().addListener((observable, old, now) -> viewModel
                .selectedProperty()
                .set(now));
        viewModel.selectedProperty().addListener((observable, old, now) -> {
            if (now == null) {
                table.getSelectionModel().clearSelection();
            }
        });
        // A new filter shows its list from the top.
        viewModel.events().addListener((ListChangeListener<AuditEvent>) change -> {
            while (change.next()) {
                if (change.wasReplaced()
                        && change.getFrom() == 0
                        && !table.getItems().isEmpty()) {
                    table.scrollTo(0);
                }
            }
        });
        return table;
    }

    private static TableColumn<AuditEvent, String> column(
            String title, double width, Function<AuditEvent, String> value) {
        TableColumn<AuditEvent, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setMinWidth(width * 0.75);
        column.setSortable(false);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }

    private static TableColumn<AuditEvent, AuditOutcome> outcomeColumn() {
        TableColumn<AuditEvent, AuditOutcome> column = new TableColumn<>("Outcome");
        column.setPrefWidth(100);
        column.setMinWidth(95);
        column.setSortable(false);
        column.setCellValueFactory(
                cell -> new ReadOnlyObjectWrapper<>(cell.getValue().outcome()));
        column.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(AuditOutcome outcome, boolean empty) {
                super.updateItem(outcome, empty);
                getStyleClass().removeAll("outcome-success", "outcome-denied", "outcome-failure");
                if (empty || outcome == null) {
                    setText(null);
                    setGraphic(null);
                    return;
                }
                setText(AuditText.outcome(outcome));
                FontIcon icon = new FontIcon(
                        switch (outcome) {
                            case SUCCESS -> MaterialDesignC.CHECK_CIRCLE_OUTLINE;
                            case DENIED -> MaterialDesignC.CANCEL;
                            case FAILURE -> MaterialDesignA.ALERT_CIRCLE_OUTLINE;
                        });
                setGraphic(icon);
                getStyleClass()
                        .add(
                                switch (outcome) {
                                    case SUCCESS -> "outcome-success";
                                    case DENIED -> "outcome-denied";
                                    case FAILURE -> "outcome-failure";
                                });
            }
        });
        return column;
    }

    /**
     * A row that marks failures and denials, asks for the next page when it shows one of the last rows, and offers
     * to filter by what it shows or copy it as JSON.
     */
    private final class EventRow extends TableRow<AuditEvent> {
        private final ContextMenu menu = new ContextMenu();

        EventRow() {
            MenuItem byActor =
                    menuItem("filterByActor", "Filter by this actor", MaterialDesignA.ACCOUNT_SEARCH_OUTLINE);
            byActor.setOnAction(event -> viewModel.filterByActor(getItem()));
            MenuItem byAction = menuItem("filterByAction", "Filter by this action", MaterialDesignF.FILTER_OUTLINE);
            byAction.setOnAction(event -> viewModel.filterByAction(getItem()));
            MenuItem byTarget = menuItem("filterByTarget", "Filter by this target", MaterialDesignT.TARGET);
            byTarget.setOnAction(event -> viewModel.filterByTarget(getItem()));
            MenuItem byAddress =
                    menuItem("filterByAddress", "Filter by this address", MaterialDesignI.IP_NETWORK_OUTLINE);
            byAddress.setOnAction(event -> viewModel.filterByAddress(getItem()));
            MenuItem copy = menuItem("copyEventJson", "Copy as JSON", MaterialDesignC.CODE_JSON);
            copy.setOnAction(event -> {
                ClipboardContent content = new ClipboardContent();
                content.putString(AuditViewModel.json(getItem()));
                Clipboard.getSystemClipboard().setContent(content);
            });
            menu.getItems().setAll(byActor, byAction, byTarget, byAddress, new SeparatorMenuItem(), copy);
            menu.setOnShowing(event -> {
                AuditEvent shown = getItem();
                byActor.setDisable(shown == null
                        || shown.actor() == null
                        || (shown.actor().userId() == null && shown.actor().email() == null));
                byTarget.setDisable(shown == null || (shown.targetId() == null && shown.targetName() == null));
                byAddress.setDisable(shown == null || shown.sourceIp() == null);
            });
        }

        @Override
        protected void updateItem(AuditEvent event, boolean empty) {
            super.updateItem(event, empty);
            setContextMenu(empty || event == null ? null : menu);

            pseudoClassStateChanged(FAILED, !empty && event != null && event.outcome() != AuditOutcome.SUCCESS);
            if (!empty
                    && event != null
                    && getIndex() >= getTableView().getItems().size() - LOAD_AHEAD_ROWS) {
                viewModel.loadMore();
            }
        }
    }

    private static void showDetails(SplitPane split, TableView<AuditEvent> list, Node details, AuditEvent selected) {
        boolean shown = split.getItems().contains(details);
        if (selected != null && !shown) {
            split.getItems().add(details);
            split.setDividerPositions(0.55);
            // the selected row stays in sight above the details
            Platform.runLater(() -> list.scrollTo(Math.max(0, list.getItems().indexOf(selected) - 2)));
        } else if (selected == null && shown) {
            split.getItems().remove(details);
        }
    }

    private static MenuItem menuItem(String id, String text, Ikon icon) {
        MenuItem item = new MenuItem(text, new FontIcon(icon));
        item.setId(id);
        return item;
    }

    private Node detailPane() {
        Label title = new Label("Event details", new FontIcon(MaterialDesignF.FILE_DOCUMENT_OUTLINE));
        title.getStyleClass().add(Styles.TITLE_4);
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        Button close = Forms.button("closeDetails", "Close", MaterialDesignC.CLOSE);
        close.setTooltip(new Tooltip("Hide the details (Esc)"));
        close.setOnAction(event -> viewModel.selectedProperty().set(null));
        HBox heading = new HBox(12, title, gap, close);
        heading.setAlignment(Pos.CENTER_LEFT);
        Label empty = Forms.hint("Select an event to see every field and what it changed.");
        empty.setId("detailEmpty");
        empty.visibleProperty().bind(Bindings.isEmpty(viewModel.details()));
        empty.managedProperty().bind(empty.visibleProperty());

        GridPane fields = new GridPane();
        fields.setId("detailFields");
        fields.setHgap(14);
        fields.setVgap(6);
        for (int pair = 0; pair < FIELD_PAIRS_PER_ROW; pair++) {
            ColumnConstraints caption = new ColumnConstraints();
            caption.setMinWidth(Region.USE_PREF_SIZE);
            ColumnConstraints value = new ColumnConstraints();
            value.setHgrow(Priority.ALWAYS);
            value.setPrefWidth(200);
            fields.getColumnConstraints().addAll(caption, value);
        }
        viewModel.details().addListener((ListChangeListener<DetailField>) change -> showFields(fields));
        HBox.setHgrow(fields, Priority.ALWAYS);

        Label changesHeading = new Label("Changes (old → new)");
        changesHeading.getStyleClass().add(Styles.TEXT_BOLD);
        TableView<ChangeRow> changes = new TableView<>(viewModel.changes());
        changes.setId("changesTable");
        changes.getStyleClass().addAll(Styles.DENSE, Styles.BORDERED);
        changes.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        changes.setPlaceholder(new Label("This event changed no fields."));
        changes.setPrefHeight(150);
        changes.getColumns()
                .setAll(
                        changeColumn("Field", ChangeRow::field),
                        changeColumn("Old", ChangeRow::before),
                        changeColumn("New", ChangeRow::after));
        VBox changesBox = new VBox(6, changesHeading, changes);
        changesBox.setMinWidth(320);
        changesBox.setPrefWidth(360);
        changesBox.visibleProperty().bind(Bindings.isNotEmpty(viewModel.details()));
        changesBox.managedProperty().bind(changesBox.visibleProperty());

        HBox body = new HBox(24, fields, changesBox);
        VBox content = new VBox(10, heading, empty, body);
        content.setPadding(new Insets(12, 16, 16, 16));
        ScrollPane scroll = new ScrollPane(content);
        scroll.setId("detailPane");
        scroll.setFitToWidth(true);
        scroll.setMinHeight(120);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        return scroll;
    }

    private void showFields(GridPane fields) {
        fields.getChildren().clear();
        int index = 0;
        for (DetailField field : viewModel.details()) {
            Label caption = new Label(field.caption());
            caption.getStyleClass().add(Styles.TEXT_MUTED);
            caption.setMinWidth(Region.USE_PREF_SIZE);
            Label value = new Label(field.value());
            value.setId("detail" + field.caption().replaceAll("[^A-Za-z]", ""));
            value.setWrapText(true);
            // A wrapped value takes the lines it needs instead of being cut short.
            value.setMinHeight(Region.USE_PREF_SIZE);
            int column = index % FIELD_PAIRS_PER_ROW * 2;
            int row = index / FIELD_PAIRS_PER_ROW;
            fields.add(caption, column, row);
            fields.add(value, column + 1, row);
            index++;
        }
    }

    private static TableColumn<ChangeRow, String> changeColumn(String title, Function<ChangeRow, String> value) {
        TableColumn<ChangeRow, String> column = new TableColumn<>(title);
        column.setMinWidth(110);
        column.setSortable(false);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
