package dev.bulwark.desktop.setup;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.bulwark.desktop.account.MyMfaView;
import dev.bulwark.desktop.account.MyMfaViewModel;
import dev.bulwark.desktop.ui.FilePicker;
import dev.bulwark.desktop.ui.Forms;
import javafx.beans.binding.Bindings;
import javafx.geometry.Insets;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollPane;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;

/**
 * The first-run step after the first administrator was created on a server where no second factor protects the
 * account yet (decision 0029): the authenticator enrolment of My account → MFA, a posture warning, and a way on.
 */
public final class FirstAuthenticatorView {
    static final String WARNING = "Sign-in from new addresses needs a second factor, but this server cannot send"
            + " mail and you have no authenticator yet: until you set one up, your password alone signs you in."
            + " The posture report warns about this until it is fixed.";

    private final StackPane root;

    /**
     * @param mfa the administrator's own MFA screen state (already loaded or loading)
     * @param onward leads on to the shell, enrolled or not
     */
    public FirstAuthenticatorView(MyMfaViewModel mfa, FilePicker files, Runnable onward) {
        Label warning = new Label(WARNING);
        warning.setId("postureWarning");
        warning.setWrapText(true);
        warning.getStyleClass().add(Styles.WARNING);
        warning.visibleProperty()
                .bind(Bindings.createBooleanBinding(
                        () -> mfa.statusProperty().get() == null
                                || !mfa.statusProperty().get().totpEnrolled(),
                        mfa.statusProperty()));
        warning.managedProperty().bind(warning.visibleProperty());

        Button next = Forms.button("skipAuthenticator", "Skip for now", MaterialDesignA.ARROW_RIGHT);
        next.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> mfa.statusProperty().get() != null
                                        && mfa.statusProperty().get().totpEnrolled()
                                        && mfa.recoveryCodesProperty().get().isEmpty()
                                ? "Continue"
                                : "Skip for now",
                        mfa.statusProperty(),
                        mfa.recoveryCodesProperty()));
        next.disableProperty().bind(mfa.busyProperty());
        next.setOnAction(event -> onward.run());

        VBox content = new VBox(
                20,
                new VBox(
                        6,
                        Forms.title("Set up an authenticator now"),
                        Forms.hint("Scan the code with an authenticator app on your phone, then type the code it"
                                + " shows. You can also do this later in My account → MFA.")),
                warning,
                Forms.panel(new MyMfaView(mfa, files).enrolmentPane()),
                next);
        content.setMaxWidth(620);
        content.setPadding(new Insets(40, 32, 40, 32));
        ScrollPane scroll = new ScrollPane(new StackPane(content));
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        root = new StackPane(scroll);
        root.setId("firstAuthenticatorScreen");
    }

    public Parent root() {
        return root;
    }
}
