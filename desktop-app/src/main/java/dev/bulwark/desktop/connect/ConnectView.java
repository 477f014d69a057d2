package dev.bulwark.desktop.connect;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.bulwark.desktop.ui.Forms;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ListView;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;
import org.kordamp.ikonli.materialdesign2.MaterialDesignM;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** The connection screen. */
public final class ConnectView {
    private final ConnectViewModel viewModel;
    private final StackPane root;

    public ConnectView(ConnectViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = build();
    }

    public Parent root() {
        return root;
    }

    private StackPane build() {
        FontIcon logo = new FontIcon(MaterialDesignS.SHIELD_LOCK_OUTLINE);
        logo.getStyleClass().add("brand-icon");
        Label title = new Label("Bulwark");
        title.getStyleClass().add(Styles.TITLE_1);
        HBox brand = new HBox(12, logo, title);
        brand.setAlignment(Pos.CENTER_LEFT);
        Label intro = Forms.hint("Choose the server to manage.");

        VBox content = new VBox(
                20,
                new VBox(6, brand, intro),
                thisComputerSection(),
                remoteSection(),
                new HBox(
                        10, Forms.busyIndicator(viewModel.busyProperty()), Forms.problem(viewModel.problemProperty())));
        content.setMaxWidth(600);
        content.setPadding(new Insets(40, 32, 40, 32));

        ScrollPane scroll = new ScrollPane(new StackPane(content));
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        StackPane pane = new StackPane(scroll, certificateOverlay());
        pane.setId("connectScreen");
        return pane;
    }

    private VBox thisComputerSection() {
        Label heading = new Label(ServerConnection.THIS_COMPUTER);
        heading.getStyleClass().add(Styles.TITLE_4);
        Label detail = Forms.hint(
                "Bulwark runs inside this app and keeps its data in " + viewModel.localDataDirectory() + ".");
        Button connect = Forms.button("thisComputer", "Open", MaterialDesignM.MONITOR);
        connect.getStyleClass().add(Styles.ACCENT);
        connect.setDefaultButton(true);
        connect.disableProperty().bind(viewModel.busyProperty());
        connect.setOnAction(event -> viewModel.connectThisComputer());
        VBox text = new VBox(4, heading, detail);
        HBox.setHgrow(text, Priority.ALWAYS);
        HBox row = new HBox(16, text, connect);
        row.setAlignment(Pos.CENTER_LEFT);
        return Forms.panel(new VBox(row));
    }

    private VBox remoteSection() {
        Label heading = new Label("Remote servers");
        heading.getStyleClass().add(Styles.TITLE_4);
        Label detail = Forms.hint("A Bulwark server on another host, by its address.");

        ListView<RemoteServer> list = new ListView<>(viewModel.servers());
        viewModel.lastAddedProperty().addListener((observable, old, added) -> {
            if (added != null) {
                list.getSelectionModel().select(added);
                list.requestFocus();
            }
        });
        list.setId("servers");
        list.setPrefHeight(150);
        list.setCellFactory(view -> new ServerCell());
        Label empty = Forms.hint("No remote servers yet.");
        list.setPlaceholder(empty);
        list.setOnMouseClicked(event -> {
            if (event.getButton() == MouseButton.PRIMARY && event.getClickCount() == 2) {
                viewModel.connect(list.getSelectionModel().getSelectedItem());
            }
        });
        list.setOnKeyPressed(event -> {
            if (event.getCode() == KeyCode.ENTER) {
                viewModel.connect(list.getSelectionModel().getSelectedItem());
            } else if (event.getCode() == KeyCode.DELETE) {
                viewModel.removeServer(list.getSelectionModel().getSelectedItem());
            }
        });

        var nothingSelected = list.getSelectionModel().selectedItemProperty().isNull();
        Button connect = Forms.button("connectServer", "Connect", MaterialDesignL.LAN_CONNECT);
        connect.disableProperty().bind(nothingSelected.or(viewModel.busyProperty()));
        connect.setOnAction(event -> viewModel.connect(list.getSelectionModel().getSelectedItem()));
        Button remove = Forms.button("removeServer", "Remove", MaterialDesignM.MINUS_CIRCLE_OUTLINE);
        remove.getStyleClass().add(Styles.BUTTON_OUTLINED);
        remove.disableProperty().bind(nothingSelected.or(viewModel.busyProperty()));
        remove.setOnAction(
                event -> viewModel.removeServer(list.getSelectionModel().getSelectedItem()));
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox listActions = new HBox(8, gap, remove, connect);

        TextField address = new TextField();
        address.setId("newServerAddress");
        address.setPromptText("https://bulwark.example.com:8443");
        address.textProperty().bindBidirectional(viewModel.newServerAddressProperty());
        address.setOnAction(event -> viewModel.addServer());
        HBox.setHgrow(address, Priority.ALWAYS);
        Button add = Forms.button("addServer", "Add", MaterialDesignP.PLUS);
        add.disableProperty().bind(Bindings.isEmpty(address.textProperty()).or(viewModel.busyProperty()));
        add.setOnAction(event -> viewModel.addServer());
        HBox addRow = new HBox(8, address, add);

        return Forms.panel(new VBox(10, new VBox(4, heading, detail), list, listActions, addRow));
    }

    /**
     * The question about a certificate the console cannot trust by itself, over the whole screen so it is seen
     * wherever the list was scrolled; hidden while there is none.
     */
    private StackPane certificateOverlay() {
        Label title = new Label();
        title.setId("certificateTitle");
        title.getStyleClass().add(Styles.TITLE_4);
        Label explanation = new Label();
        explanation.setId("certificateExplanation");
        explanation.setWrapText(true);
        Label presented = fingerprintLabel("presentedFingerprint");
        Label pinned = fingerprintLabel("pinnedFingerprint");
        Label presentedCaption = Forms.hint("SHA-256 fingerprint of the certificate presented now");
        Label pinnedCaption = Forms.hint("SHA-256 fingerprint you trusted before");
        VBox pinnedRow = new VBox(2, pinnedCaption, pinned);
        pinnedRow.setId("pinnedFingerprintRow");

        Button trust = Forms.button("trustCertificate", "Trust this certificate", MaterialDesignS.SHIELD_CHECK_OUTLINE);
        trust.disableProperty().bind(viewModel.busyProperty());
        trust.setOnAction(event -> viewModel.trustCertificate());
        Button decline = Forms.button("declineCertificate", "Cancel", MaterialDesignC.CLOSE);
        decline.getStyleClass().add(Styles.BUTTON_OUTLINED);
        decline.setCancelButton(true);
        decline.setOnAction(event -> viewModel.declineCertificate());
        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);

        VBox panel = Forms.panel(new VBox(
                10,
                title,
                explanation,
                new VBox(2, presentedCaption, presented),
                pinnedRow,
                new HBox(8, gap, decline, trust)));
        panel.setId("certificateCard");
        panel.setMaxWidth(560);
        panel.setMaxHeight(Region.USE_PREF_SIZE);
        panel.getStyleClass().add(Styles.ELEVATED_2);
        StackPane overlay = new StackPane(panel);
        overlay.setId("certificateQuestion");
        overlay.setPadding(new Insets(24));
        overlay.setStyle("-fx-background-color: rgba(0, 0, 0, 0.35);");
        overlay.visibleProperty().bind(viewModel.certificateQuestionProperty().isNotNull());
        viewModel.certificateQuestionProperty().subscribe(question -> {
            if (question == null) {
                return;
            }
            title.setText(question.title());
            explanation.setText(question.explanation());
            presented.setText(question.presentedFingerprint());
            pinned.setText(question.pinnedFingerprint());
            pinnedRow.setVisible(question.changed());
            pinnedRow.setManaged(question.changed());
            trust.setText(question.trustLabel());
            trust.getStyleClass().removeAll(Styles.DANGER, Styles.ACCENT);
            trust.getStyleClass().add(question.changed() ? Styles.DANGER : Styles.ACCENT);
            panel.getStyleClass().removeAll(Styles.DANGER);
            if (question.changed()) {
                panel.getStyleClass().add(Styles.DANGER);
            }
        });
        return overlay;
    }

    private static Label fingerprintLabel(String id) {
        Label label = new Label();
        label.setId(id);
        label.setWrapText(true);
        label.setStyle("-fx-font-family: monospace;");
        return label;
    }

    private static final class ServerCell extends ListCell<RemoteServer> {
        private final FontIcon icon = new FontIcon(MaterialDesignS.SERVER_NETWORK);

        @Override
        protected void updateItem(RemoteServer server, boolean empty) {
            super.updateItem(server, empty);
            if (empty || server == null) {
                setText(null);
                setGraphic(null);
            } else {
                setText(server.display() + (server.isPinned() ? "  (pinned certificate)" : ""));
                setGraphic(icon);
            }
        }
    }
}
