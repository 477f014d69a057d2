package dev.bulwark.desktop.signin;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.model.auth.MfaMethod;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignE;
import org.kordamp.ikonli.materialdesign2.MaterialDesignS;

/** The second step of a sign-in: method, code, resend with its cooldown, and the way back. */
public final class SecondFactorView {
    private final VBox root;

    public SecondFactorView(SecondFactorViewModel viewModel) {
        ComboBox<MfaMethod> method = new ComboBox<>();
        method.setId("mfaMethod");
        method.getItems().setAll(viewModel.methods());
        method.setConverter(Forms.displayConverter(SecondFactorViewModel::label));
        method.valueProperty().bindBidirectional(viewModel.methodProperty());
        method.setMaxWidth(Double.MAX_VALUE);

        Label hint = new Label();
        hint.setWrapText(true);
        hint.getStyleClass().add(Styles.TEXT_MUTED);
        hint.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> viewModel.methodProperty().get() == null
                                ? ""
                                : viewModel.hintFor(viewModel.methodProperty().get()),
                        viewModel.methodProperty(),
                        viewModel.noticeProperty()));

        TextField code = new TextField();
        code.setId("mfaCode");
        code.setPromptText("123456");
        code.textProperty().bindBidirectional(viewModel.codeProperty());
        code.setOnAction(event -> viewModel.verify());

        Button verify = Forms.button("verifyCode", "Verify", MaterialDesignS.SHIELD_CHECK_OUTLINE);
        verify.getStyleClass().add(Styles.ACCENT);
        verify.setDefaultButton(true);
        verify.disableProperty().bind(viewModel.busyProperty());
        verify.setOnAction(event -> viewModel.verify());

        Button resend = Forms.button("resendCode", viewModel.resendText(0), MaterialDesignE.EMAIL_SYNC_OUTLINE);
        resend.textProperty()
                .bind(Bindings.createStringBinding(
                        () -> viewModel.resendText(
                                viewModel.resendWaitSecondsProperty().get()),
                        viewModel.resendWaitSecondsProperty(),
                        viewModel.noticeProperty()));
        resend.disableProperty().bind(viewModel.canResendProperty().not());
        resend.visibleProperty().bind(viewModel.methodProperty().isEqualTo(MfaMethod.EMAIL));
        resend.managedProperty().bind(resend.visibleProperty());
        resend.setOnAction(event -> viewModel.sendEmailCode());
        Timeline countdown = new Timeline(new KeyFrame(Duration.millis(250), event -> viewModel.tick()));
        countdown.setCycleCount(Animation.INDEFINITE);
        viewModel.resendWaitSecondsProperty().addListener((obs, before, now) -> {
            if (now.longValue() > 0) {
                countdown.play();
            } else {
                countdown.stop();
            }
        });
        if (viewModel.resendWaitSecondsProperty().get() > 0) {
            countdown.play();
        }

        HBox actions = new HBox(12, verify, resend, Forms.busyIndicator(viewModel.busyProperty()));
        actions.setAlignment(Pos.CENTER_LEFT);

        Hyperlink back = new Hyperlink("Back to password", new FontIcon(MaterialDesignA.ARROW_LEFT));
        back.setId("cancelSecondFactor");
        back.setOnAction(event -> {
            countdown.stop();
            viewModel.cancel();
        });

        VBox form = Forms.panel(new VBox(
                14,
                Forms.notice(viewModel.noticeProperty()),
                Forms.field("Second factor", method),
                hint,
                Forms.field("Code", code),
                Forms.problem(viewModel.problemProperty()),
                actions));
        root = new VBox(
                20,
                new VBox(
                        6,
                        Forms.title("Confirm it is you"),
                        Forms.hint("This is a sign-in from a new address. A second factor keeps your account safe.")),
                form,
                back);
        root.setId("secondFactor");
        Forms.focusWhenShown(code);
    }

    public Parent root() {
        return root;
    }
}
