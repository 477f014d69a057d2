package dev.bulwark.desktop.settings;

import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Tables;
import dev.bulwark.model.forward.ForwardDestination;
import dev.bulwark.model.forward.ForwardKind;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Tab;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;
import org.kordamp.ikonli.materialdesign2.MaterialDesignW;

/** The Settings tab "Forwarding": where the audit trail goes, how far each destination has it, add/edit/test/remove. */
public final class ForwardingTab {
    private final ForwardingViewModel viewModel;
    private final Tab tab;

    public ForwardingTab(ForwardingViewModel viewModel) {
        this.viewModel = viewModel;
        this.tab = build();
    }

    public Tab tab() {
        return tab;
    }

    /** Reads the destinations again, when the Settings page is opened. */
    public void reload() {
        viewModel.reload();
    }

    private Tab build() {
        TableView<ForwardDestination> table = new TableView<>(viewModel.destinations());
        table.setId("forwardingTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns()
                .setAll(
                        Tables.text("Name", 140, ForwardDestination::name),
                        Tables.text("Kind", 75, d -> d.kind() == ForwardKind.WEBHOOK ? "Webhook" : "Syslog"),
                        Tables.text("Address", 170, ForwardDestination::address),
                        Tables.text("State", 95, ForwardingViewModel::state),
                        Tables.text("Delivered", 95, ForwardingViewModel::delivered),
                        Tables.text("Lag", 150, ForwardingViewModel::lag),
                        Tables.text(
                                "Last error",
                                160,
                                d -> d.status() == null || d.status().lastError() == null
                                        ? ""
                                        : d.status().lastError()));
        table.setPlaceholder(
                new Label("The audit trail is not forwarded anywhere. Add a syslog or webhook destination."));
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener((o, old, now) -> viewModel.selectedProperty().set(now));
        viewModel.selectedProperty().addListener((o, old, now) -> {
            if (now != null && table.getSelectionModel().getSelectedItem() != now) {
                table.getSelectionModel().select(now);
            }
        });
        table.setPrefHeight(190);
        table.setMinHeight(120);

        boolean readOnly = !viewModel.canChange();
        Button addSyslog = Forms.button("addSyslogDestination", "Add syslog", MaterialDesignS.SERVER_NETWORK);
        addSyslog.setOnAction(
                event -> DestinationDialog.show(window(table), viewModel.newDestination(ForwardKind.SYSLOG)));
        addSyslog.setDisable(readOnly);
        Button addWebhook = Forms.button("addWebhookDestination", "Add webhook", MaterialDesignW.WEBHOOK);
        addWebhook.setOnAction(
                event -> DestinationDialog.show(window(table), viewModel.newDestination(ForwardKind.WEBHOOK)));
        addWebhook.setDisable(readOnly);
        BooleanBinding none = viewModel.selectedProperty().isNull();
        Button edit = Forms.button("editDestination", "Edit", MaterialDesignP.PENCIL);
        edit.disableProperty().bind(none.or(new javafx.beans.property.SimpleBooleanProperty(readOnly)));
        edit.setOnAction(event -> DestinationDialog.show(window(table), viewModel.editSelected()));
        Button test = Forms.button("testDestination", "Test", MaterialDesignT.TEST_TUBE);
        test.disableProperty()
                .bind(none.or(viewModel.busyProperty()).or(new javafx.beans.property.SimpleBooleanProperty(readOnly)));
        test.setOnAction(event -> viewModel.testSelected());
        Button remove = Forms.button("removeDestination", "Remove", MaterialDesignD.DELETE_OUTLINE);
        remove.disableProperty().bind(none.or(new javafx.beans.property.SimpleBooleanProperty(readOnly)));
        remove.setOnAction(event -> Dialogs.confirm(
                window(table),
                "Remove forwarding destination",
                "Remove " + viewModel.selectedProperty().get().name()
                        + "? It receives no more records; what it has received stays there.",
                "Remove",
                viewModel::removeSelected));
        Button refresh = Forms.button("refreshForwarding", "Refresh", MaterialDesignR.REFRESH);
        refresh.setOnAction(event -> viewModel.reload());
        HBox tools = new HBox(
                8, addSyslog, addWebhook, edit, test, remove, refresh, Forms.busyIndicator(viewModel.busyProperty()));
        tools.setAlignment(Pos.CENTER_LEFT);

        Label details = Forms.sentence(viewModel.detailsProperty());
        details.setId("forwardingDetails");
        details.setWrapText(true);
        Label testResult = Forms.sentence(viewModel.testResultProperty());
        testResult.setId("forwardingTestResult");
        testResult.setWrapText(true);
        Label hint = Forms.hint((readOnly ? ForwardingViewModel.ADMIN_ONLY + " " : "")
                + "Every record goes out with its sequence number and hash, and every signed checkpoint with it, so"
                + " the receiver can check the chain and catch a cut tail (verify-audit --witness). Delivery is"
                + " at least once: after a failure a record may arrive twice, never not at all.");
        VBox content =
                new VBox(12, tools, table, details, testResult, Forms.problem(viewModel.problemProperty()), hint);
        content.setPadding(new Insets(16, 0, 0, 0));
        content.setId("forwarding");
        Tab forwardingTab = new Tab("Forwarding", content);
        forwardingTab.setId("forwardingTab");
        forwardingTab.setGraphic(new FontIcon(MaterialDesignS.SEND_OUTLINE));
        return forwardingTab;
    }

    private static Window window(javafx.scene.Node node) {
        return node.getScene() == null ? null : node.getScene().getWindow();
    }

    /** The form of one destination. */
    static final class DestinationDialog {
        private DestinationDialog() {}

        static void show(Window owner, ForwardingFormViewModel form) {
            boolean webhook = form.kind() == ForwardKind.WEBHOOK;
            TextField name = text("destinationName", form.nameProperty());
            name.setPromptText(webhook ? "SIEM webhook" : "Central syslog");
            TextField address = text("destinationAddress", form.addressProperty());
            address.setPromptText(webhook ? "https://siem.example.com/bulwark" : "siem.example.com:6514");
            TextArea pem = new TextArea();
            pem.setId("destinationCertificates");
            pem.setPrefRowCount(4);
            pem.setPromptText("empty: this server's system authorities; or paste the receiver's CA (PEM) to pin it");
            pem.textProperty().bindBidirectional(form.trustedCertificatesProperty());
            CheckBox enabled = new CheckBox("Forward records to it");
            enabled.setId("destinationEnabled");
            enabled.selectedProperty().bindBidirectional(form.enabledProperty());
            VBox content = new VBox(
                    10,
                    Forms.field("Name", name, form.errorProperty("name")),
                    Forms.field(
                            webhook ? "Webhook URL (https)" : "Receiver (host:port)",
                            address,
                            form.errorProperty("address")));
            if (webhook) {
                PasswordField secret = new PasswordField();
                secret.setId("destinationSecret");
                secret.textProperty().bindBidirectional(form.secretProperty());
                secret.setPromptText(
                        form.hasStoredSecret() ? "stored; leave empty to keep it" : "at least 32 characters");
                content.getChildren()
                        .add(Forms.field(
                                "HMAC-SHA256 key (shared with the receiver)", secret, form.errorProperty("secret")));
            } else {
                CheckBox plain = new CheckBox("Plain TCP to a receiver on this machine (no TLS)");
                plain.setId("destinationPlainTcp");
                plain.selectedProperty().bindBidirectional(form.plainTcpProperty());
                content.getChildren().add(plain);
                Label plainError = Forms.sentence(form.errorProperty("plainTcp"));
                content.getChildren().add(plainError);
            }
            content.getChildren()
                    .addAll(
                            Forms.field("Trusted certificates (PEM)", pem, form.errorProperty("trustedCertificates")),
                            enabled,
                            Forms.problem(form.problemProperty()));
            content.setId("destinationForm");
            Forms.focusWhenShown(name);
            Dialogs.form(
                    owner,
                    (form.isNew() ? "Add " : "Edit ") + (webhook ? "webhook destination" : "syslog destination"),
                    form.isNew() ? "Add" : "Save",
                    "saveDestination",
                    content,
                    form.busyProperty(),
                    form.doneProperty(),
                    form::save);
        }

        private static TextField text(String id, javafx.beans.property.StringProperty value) {
            TextField field = new TextField();
            field.setId(id);
            field.textProperty().bindBidirectional(value);
            return field;
        }
    }
}
