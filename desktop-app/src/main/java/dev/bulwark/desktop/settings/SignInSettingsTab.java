package dev.bulwark.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Actions;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.model.mfa.MailSecurity;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;

/** Settings → Sign-in: the MFA policy and the SMTP server. */
public final class SignInSettingsTab {
    private final Tab tab;

    public SignInSettingsTab(SignInSettingsViewModel viewModel) {
        CheckBox mfa = new CheckBox("Ask for a second factor when someone signs in from a new address");
        mfa.setId("mfaEnabled");
        mfa.selectedProperty().bindBidirectional(viewModel.mfaEnabledProperty());

        TextField host = text("mailHost", viewModel.hostProperty(), "smtp.example.com");
        TextField port = text("mailPort", viewModel.portProperty(), "587");
        ComboBox<MailSecurity> security = new ComboBox<>();
        security.setId("mailSecurity");
        security.getItems().setAll(MailSecurity.values());
        security.setConverter(Forms.displayConverter(s -> switch (s) {
            case NONE -> "None (local relay only)";
            case STARTTLS -> "STARTTLS (port 587)";
            case TLS -> "TLS (port 465)";
        }));
        security.valueProperty().bindBidirectional(viewModel.securityProperty());
        TextField username = text("mailUsername", viewModel.usernameProperty(), "");
        PasswordField password = new PasswordField();
        password.setId("mailPassword");
        password.textProperty().bindBidirectional(viewModel.passwordProperty());
        Label passwordState = new Label();
        passwordState.getStyleClass().add(Styles.TEXT_MUTED);
        passwordState.textProperty().bind(viewModel.passwordStateProperty());
        CheckBox clear = new CheckBox("Remove the stored password");
        clear.setId("mailClearPassword");
        clear.selectedProperty().bindBidirectional(viewModel.clearPasswordProperty());
        TextField from = text("mailFrom", viewModel.fromProperty(), "bulwark@example.com");

        Button save = Forms.button("saveSignInSettings", "Save", MaterialDesignC.CONTENT_SAVE_OUTLINE);
        save.getStyleClass().add(Styles.ACCENT);
        save.disableProperty().bind(viewModel.busyProperty());
        save.setOnAction(event -> viewModel.save());
        Button test = Forms.button("sendTestMail", "Send test mail", MaterialDesignE.EMAIL_FAST_OUTLINE);
        test.disableProperty().bind(viewModel.busyProperty());
        test.setOnAction(event -> viewModel.sendTestMail());
        var blocked = Bindings.createStringBinding(viewModel::saveBlocked);
        HBox actions = new HBox(
                8,
                Actions.guarded(save, blocked),
                Actions.guarded(test, blocked),
                Forms.busyIndicator(viewModel.busyProperty()));
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox form = new VBox(
                14,
                Forms.hint("Sign-ins from an address a user has not used before need a code by email or from an"
                        + " authenticator app. Mail also tells users about sign-ins from new addresses."),
                mfa,
                Forms.field("SMTP host (empty: no mail)", host),
                Forms.field("Port", port),
                Forms.field("Connection security", security),
                Forms.field("User name", username),
                Forms.field("Password", password),
                passwordState,
                clear,
                Forms.field("Sender address", from),
                Forms.notice(viewModel.noticeProperty()),
                Forms.problem(viewModel.problemProperty()),
                actions);
        form.setPadding(new Insets(16, 0, 16, 0));
        form.setMaxWidth(520);
        form.setId("signInSettings");
        tab = new Tab("Sign-in", new ScrollPane(form));
        tab.setId("tabSignInSettings");
        tab.setOnSelectionChanged(event -> {
            if (tab.isSelected()) {
                viewModel.load();
            }
        });
        // The Settings page is put in the window each time it is opened: load then, not at sign-in.
        form.sceneProperty().addListener((obs, before, scene) -> {
            if (scene != null && tab.isSelected()) {
                viewModel.load();
            }
        });
    }

    public Tab tab() {
        return tab;
    }

    private static TextField text(String id, javafx.beans.property.StringProperty value, String prompt) {
        TextField field = new TextField();
        field.setId(id);
        field.setPromptText(prompt);
        field.textProperty().bindBidirectional(value);
        return field;
    }
}
