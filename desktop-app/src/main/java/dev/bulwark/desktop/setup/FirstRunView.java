package dev.bulwark.desktop.setup;

import atlantafx.base.theme.Styles;
import atlantafx.base.theme.Tweaks;
import dev.bulwark.desktop.ui.FieldChecks;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.PasswordStrengthBar;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Hyperlink;
import javafx.scene.control.PasswordField;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;

/** The first-run screen. */
public final class FirstRunView {
    private final FirstRunViewModel viewModel;
    private final StackPane root;

    public FirstRunView(FirstRunViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = build();
    }

    public Parent root() {
        return root;
    }

    private StackPane build() {
        VBox form = new VBox(14);
        TextField code = new TextField();

        if (viewModel.isSetupCodeRequired()) {
            code.setId("setupCode");
            code.textProperty().bindBidirectional(viewModel.setupCodeProperty());
            form.getChildren()
                    .add(Forms.field(
                            "Setup code (printed by bulwark-server init)", code, viewModel.setupCodeErrorProperty()));
        }

        TextField email = new TextField();
        email.setId("email");
        email.setPromptText("name@example.com");
        email.textProperty().bindBidirectional(viewModel.emailProperty());

        TextField displayName = new TextField();
        displayName.setId("displayName");
        displayName.setPromptText("Alex Morgan");
        displayName.textProperty().bindBidirectional(viewModel.displayNameProperty());

        PasswordField password = new PasswordField();
        password.setId("password");
        password.textProperty().bindBidirectional(viewModel.passwordProperty());

        PasswordField confirm = new PasswordField();
        confirm.setId("confirmPassword");
        confirm.textProperty().bindBidirectional(viewModel.confirmPasswordProperty());

        Button create = Forms.button("createAdmin", "Create administrator", MaterialDesignA.ACCOUNT_PLUS_OUTLINE);
        create.getStyleClass().add(Styles.ACCENT);
        create.setDefaultButton(true);
        create.disableProperty().bind(viewModel.busyProperty());
        create.setOnAction(event -> viewModel.createAdmin());
        HBox actions = new HBox(12, create, Forms.busyIndicator(viewModel.busyProperty()));
        actions.setAlignment(Pos.CENTER_LEFT);

        form.getChildren()
                .addAll(
                        Forms.field("Email", email, viewModel.emailErrorProperty()),
                        Forms.field("Display name", displayName, viewModel.displayNameErrorProperty()),
                        Forms.field(
                                "Password (" + FieldChecks.PASSWORD_MIN + " to " + FieldChecks.PASSWORD_MAX
                                        + " characters)",
                                password,
                                viewModel.passwordErrorProperty()),
                        new PasswordStrengthBar(
                                "password",
                                viewModel.passwordFeedback(),
                                password.textProperty(),
                                email::getText,
                                displayName::getText),
                        Forms.field("Repeat the password", confirm, viewModel.confirmPasswordErrorProperty()),
                        Forms.problem(viewModel.problemProperty()),
                        actions);

        Hyperlink back = new Hyperlink("Back to servers", new FontIcon(MaterialDesignA.ARROW_LEFT));
        back.setId("backToServers");
        back.setOnAction(event -> viewModel.backToServers());

        VBox content = new VBox(
                20,
                new VBox(
                        6,
                        Forms.title("Create the first administrator"),
                        Forms.hint(viewModel.serverLabel()
                                + " has no administrator yet. This account can manage everything, so choose a"
                                + " strong password.")),
                Forms.panel(form),
                back);
        content.setMaxWidth(520);
        content.setPadding(new Insets(40, 32, 40, 32));
        ScrollPane scroll = new ScrollPane(new StackPane(content));
        scroll.setFitToWidth(true);
        scroll.getStyleClass().add(Tweaks.EDGE_TO_EDGE);
        StackPane pane = new StackPane(scroll);
        pane.setId("firstRunScreen");
        Forms.focusWhenShown(viewModel.isSetupCodeRequired() ? code : email);
        return pane;
    }
}
