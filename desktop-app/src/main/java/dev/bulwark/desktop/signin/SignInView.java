package dev.bulwark.desktop.signin;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.bulwark.desktop.ui.Forms;
import javafx.animation.Animation;
import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;
import org.kordamp.ikonli.materialdesign2.MaterialDesignL;

/** The sign-in screen. */
public final class SignInView {
    private final SignInViewModel viewModel;
    private final Node below;
    private final StackPane root;

    public SignInView(SignInViewModel viewModel) {
        this(viewModel, null);
    }

    /** @param below shown under the password form, for example the "Sign in with ..." buttons; may be null */
    public SignInView(SignInViewModel viewModel, Node below) {
        this.viewModel = viewModel;
        this.below = below;
        this.root = build();
    }

    public Parent root() {
        return root;
    }

    private StackPane build() {
        TextField email = new TextField();
        email.setId("email");
        email.setPromptText("name@example.com");
        email.textProperty().bindBidirectional(viewModel.emailProperty());
        email.setOnAction(event -> viewModel.signIn());

        PasswordField password = new PasswordField();
        password.setId("password");
        password.textProperty().bindBidirectional(viewModel.passwordProperty());
        password.setOnAction(event -> viewModel.signIn());

        Button signIn = Forms.button("signIn", "Sign in", MaterialDesignL.LOGIN);
        signIn.getStyleClass().add(Styles.ACCENT);
        signIn.setDefaultButton(true);
        signIn.disableProperty().bind(viewModel.canSignInProperty().not());
        Timeline countdown = new Timeline(new KeyFrame(Duration.millis(250), event -> viewModel.tick()));
        countdown.setCycleCount(Animation.INDEFINITE);
        viewModel.waitSecondsProperty().addListener((obs, before, now) -> {
            if (now.longValue() > 0) {
                countdown.play();
            } else {
                countdown.stop();
            }
        });
        signIn.setOnAction(event -> viewModel.signIn());
        HBox actions = new HBox(12, signIn, Forms.busyIndicator(viewModel.busyProperty()));
        actions.setAlignment(Pos.CENTER_LEFT);

        VBox form = Forms.panel(new VBox(
                14,
                Forms.notice(viewModel.noticeProperty()),
                Forms.field("Email", email),
                Forms.field("Password", password),
                Forms.problem(viewModel.problemProperty()),
                actions));

        Hyperlink back = new Hyperlink("Back to servers", new FontIcon(MaterialDesignA.ARROW_LEFT));
        back.setId("backToServers");
        back.setOnAction(event -> viewModel.backToServers());

        VBox content = new VBox(
                20, new VBox(6, Forms.title("Sign in"), Forms.hint("to " + viewModel.serverLabel())), form, back);
        if (below != null) {
            content.getChildren().add(2, below);
        }
        content.setMaxWidth(440);
        content.setPadding(new Insets(40, 32, 40, 32));
        ScrollPane scroll = new ScrollPane(new StackPane(content));
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        StackPane pane = new StackPane(scroll);
        pane.setId("signInScreen");
        StackPane center = (StackPane) scroll.getContent();
        viewModel.secondFactorProperty().addListener((obs, before, step) -> {
            Parent shown = step == null ? content : new SecondFactorView(step).root();
            if (shown instanceof VBox box) {
                box.setMaxWidth(440);
                box.setPadding(new Insets(40, 32, 40, 32));
            }
            center.getChildren().setAll(shown);
        });
        Forms.focusWhenShown(viewModel.emailProperty().get().isEmpty() ? email : password);
        return pane;
    }
}
