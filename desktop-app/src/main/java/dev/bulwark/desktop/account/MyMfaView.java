package dev.bulwark.desktop.account;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.FilePicker;
import dev.bulwark.desktop.ui.Formats;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.QrCodes;
import dev.bulwark.model.mfa.KnownIp;
import dev.bulwark.model.mfa.MfaStatus;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.List;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.BooleanBinding;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Tab;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import javafx.scene.control.TextField;
import javafx.scene.image.ImageView;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignQ;
import org.kordamp.ikonli.materialdesign2.MaterialDesignR;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** The "MFA" and "Known IPs" tabs of My account; the MFA pane alone also serves the first-run screen. */
public final class MyMfaView {
    private final MyMfaViewModel viewModel;
    private final FilePicker files;
    private final Tab mfaTab;
    private final Tab ipsTab;

    public MyMfaView(MyMfaViewModel viewModel, FilePicker files) {
        this.viewModel = viewModel;
        this.files = files;
        this.mfaTab = new Tab("MFA", mfaPane());
        mfaTab.setId("tabMfa");
        this.ipsTab = new Tab("Known IPs", ipsPane());
        ipsTab.setId("tabKnownIps");
        mfaTab.setOnSelectionChanged(event -> {
            if (mfaTab.isSelected()) {
                viewModel.reload();
            }
        });
        ipsTab.setOnSelectionChanged(event -> {
            if (ipsTab.isSelected()) {
                viewModel.reload();
            }
        });
    }

    List<Tab> tabs() {
        return List.of(mfaTab, ipsTab);
    }

    /** The MFA pane (status, authenticator enrolment, recovery codes), for use outside My account. */
    public javafx.scene.Node enrolmentPane() {
        return mfaTab.getContent();
    }

    private VBox mfaPane() {
        Label state = new Label();
        state.setId("mfaState");
        state.setWrapText(true);
        state.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> describe(viewModel.statusProperty().get()), viewModel.statusProperty()));

        BooleanBinding enrolled = Bindings.createBooleanBinding(
                () -> viewModel.statusProperty().get() != null
                        && viewModel.statusProperty().get().totpEnrolled(),
                viewModel.statusProperty());
        BooleanBinding enrolling = viewModel.enrolmentProperty().isNotNull();
        BooleanBinding showingCodes = Bindings.createBooleanBinding(
                () -> !viewModel.recoveryCodesProperty().get().isEmpty(), viewModel.recoveryCodesProperty());

        Button setUp = Forms.button("setUpTotp", "Set up authenticator app…", MaterialDesignQ.QRCODE);
        setUp.getStyleClass().add(Styles.ACCENT);
        setUp.setOnAction(event -> viewModel.startEnrolment());
        show(
                setUp,
                enrolled.not()
                        .and(enrolling.not())
                        .and(viewModel.statusProperty().isNotNull()));

        ImageView qr = new ImageView();
        qr.setId("totpQr");
        TextField key = new TextField();
        key.setId("totpKey");
        key.setEditable(false);
        viewModel.enrolmentProperty().addListener((obs, before, now) -> {
            qr.setImage(now == null ? null : QrCodes.of(now.otpauthUri().reveal(), 220));
            key.setText(now == null ? "" : now.secret().reveal());
        });
        TextField confirmCode = new TextField();
        confirmCode.setId("totpConfirmCode");
        confirmCode.setPromptText("123456");
        confirmCode.textProperty().bindBidirectional(viewModel.confirmCodeProperty());
        confirmCode.setOnAction(event -> viewModel.confirmEnrolment());
        Button confirm = Forms.button("confirmTotp", "Confirm", MaterialDesignS.SHIELD_CHECK_OUTLINE);
        confirm.getStyleClass().add(Styles.ACCENT);
        confirm.setOnAction(event -> viewModel.confirmEnrolment());
        Button cancel = Forms.button("cancelTotp", "Cancel", MaterialDesignC.CLOSE);
        cancel.setOnAction(event -> viewModel.cancelEnrolment());
        VBox enrolment = new VBox(
                12,
                qr,
                Forms.field("Or type this key into the app", key),
                Forms.field("Code shown by the app", confirmCode),
                new HBox(8, confirm, cancel));
        enrolment.setId("totpEnrolment");
        show(enrolment, enrolling);

        TextArea codes = new TextArea();
        codes.setId("recoveryCodes");
        codes.setEditable(false);
        codes.setPrefRowCount(10);
        codes.setPrefColumnCount(14);
        viewModel.recoveryCodesProperty().addListener((obs, before, now) -> codes.setText(String.join("\n", now)));
        Button copy = Forms.button("copyRecoveryCodes", "Copy", MaterialDesignC.CONTENT_COPY);
        copy.setOnAction(event -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(viewModel.recoveryCodesText());
            Clipboard.getSystemClipboard().setContent(content);
        });
        Button save = Forms.button("saveRecoveryCodes", "Save…", MaterialDesignC.CONTENT_SAVE_OUTLINE);
        save.setOnAction(event -> files.save(
                        save.getScene().getWindow(),
                        "Save recovery codes",
                        "bulwark-recovery-codes.txt",
                        "Text files",
                        "txt")
                .ifPresent(path -> {
                    try {
                        Files.writeString(path, viewModel.recoveryCodesText(), StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new java.io.UncheckedIOException(e);
                    }
                }));
        Button done = Forms.button("dismissRecoveryCodes", "I have saved them", MaterialDesignC.CHECK);
        done.setOnAction(event -> viewModel.dismissRecoveryCodes());
        VBox recovery = new VBox(
                12,
                Forms.hint("Recovery codes: each signs you in once when your authenticator is not at hand."),
                codes,
                new HBox(8, copy, save, done));
        recovery.setId("recoveryCodesBox");
        show(recovery, showingCodes);

        TextField proofCode = new TextField();
        proofCode.setId("proofCode");
        proofCode.setPromptText("123456");
        proofCode.textProperty().bindBidirectional(viewModel.proofCodeProperty());
        PasswordField proofPassword = new PasswordField();
        proofPassword.setId("proofPassword");
        proofPassword.textProperty().bindBidirectional(viewModel.proofPasswordProperty());
        Button regenerate = Forms.button("regenerateRecoveryCodes", "New recovery codes", MaterialDesignR.REFRESH);
        regenerate.setOnAction(event -> viewModel.regenerateRecoveryCodes());
        Button disable = Forms.button("disableTotp", "Turn off authenticator", MaterialDesignD.DELETE_OUTLINE);
        disable.getStyleClass().add(Styles.DANGER);
        disable.setOnAction(event -> viewModel.disable());
        VBox manage = new VBox(
                12,
                Forms.hint("To make new recovery codes or turn the authenticator off, confirm with a current code"
                        + " or your password."),
                Forms.field("Code from the app", proofCode),
                Forms.field("Or your password", proofPassword),
                new HBox(8, regenerate, disable));
        manage.setId("totpManage");
        show(manage, enrolled.and(showingCodes.not()));

        HBox busy = new HBox(Forms.busyIndicator(viewModel.busyProperty()));
        busy.setAlignment(Pos.CENTER_LEFT);
        Label notice = Forms.notice(viewModel.noticeProperty());
        notice.setId("mfaNotice");
        Label problem = Forms.problem(viewModel.problemProperty());
        problem.setId("mfaProblem");
        VBox pane = new VBox(14, state, notice, problem, setUp, enrolment, recovery, manage, busy);
        pane.setPadding(new Insets(16, 0, 0, 0));
        pane.setMaxWidth(560);
        pane.setId("myMfa");
        return pane;
    }

    private VBox ipsPane() {
        TableView<KnownIp> table = new TableView<>(viewModel.knownIps());
        table.setId("myKnownIpsTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_ALL_COLUMNS);
        table.setPlaceholder(new Label("No known addresses yet."));
        table.setPrefHeight(260);
        table.getColumns()
                .setAll(List.of(
                        column("Address", 160, KnownIp::ip),
                        column("First seen", 160, ip -> Formats.shortDateTime(ip.firstSeenAt())),
                        column("Last seen", 160, ip -> Formats.shortDateTime(ip.lastSeenAt()))));
        viewModel.selectedIpProperty().bind(table.getSelectionModel().selectedItemProperty());
        Button remove = Forms.button("removeMyKnownIp", "Remove", MaterialDesignD.DELETE_OUTLINE);
        remove.disableProperty()
                .bind(table.getSelectionModel().selectedItemProperty().isNull());
        remove.setOnAction(event -> viewModel.removeSelectedIp());
        Label notice = Forms.notice(viewModel.noticeProperty());
        notice.setId("knownIpsNotice");
        Label problem = Forms.problem(viewModel.problemProperty());
        problem.setId("knownIpsProblem");
        VBox pane = new VBox(
                12,
                Forms.hint("Addresses you signed in from with a second factor. A sign-in from any other address"
                        + " asks for one. Remove an address you no longer use."),
                notice,
                problem,
                table,
                new HBox(8, remove, Forms.busyIndicator(viewModel.busyProperty())));
        pane.setPadding(new Insets(16, 0, 0, 0));
        pane.setId("myKnownIps");
        return pane;
    }

    static String describe(MfaStatus status) {
        if (status == null) {
            return "";
        }
        String policy = status.policyEnabled()
                ? "Sign-ins from new addresses need a second factor."
                : "This server does not ask for a second factor.";
        String app = status.totpEnrolled()
                ? "Authenticator app: on since " + Formats.shortDateTime(status.totpEnrolledAt()) + "; "
                        + status.recoveryCodesLeft() + " recovery codes left."
                : "Authenticator app: not set up.";
        String email = status.emailAvailable() ? " Codes by email are available." : "";
        return policy + " " + app + email;
    }

    private static void show(javafx.scene.Node node, javafx.beans.value.ObservableBooleanValue when) {
        node.visibleProperty().bind(when);
        node.managedProperty().bind(node.visibleProperty());
    }

    private static <R> TableColumn<R, String> column(String title, double width, Function<R, String> value) {
        TableColumn<R, String> column = new TableColumn<>(title);
        column.setPrefWidth(width);
        column.setCellValueFactory(cell -> new ReadOnlyStringWrapper(value.apply(cell.getValue())));
        return column;
    }
}
