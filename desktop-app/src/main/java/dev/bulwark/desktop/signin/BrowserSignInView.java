package dev.bulwark.desktop.signin;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.model.oidc.OidcProviderInfo;
import javafx.collections.ListChangeListener;
import javafx.geometry.Pos;
import javafx.scene.Parent;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.Separator;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignO;

/** The "Sign in with ..." buttons below the password form, and the wait for the browser. */
public final class BrowserSignInView {
    private final BrowserSignInViewModel viewModel;
    private final VBox root;

    public BrowserSignInView(BrowserSignInViewModel viewModel) {
        this.viewModel = viewModel;
        this.root = build();
    }

    public Parent root() {
        return root;
    }

    private VBox build() {
        VBox buttons = new VBox(8);
        viewModel.providers().addListener((ListChangeListener<OidcProviderInfo>) change -> fill(buttons));
        fill(buttons);
        buttons.disableProperty().bind(viewModel.waitingProperty().or(viewModel.busyProperty()));

        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(18, 18);
        Label waitingText = new Label();
        waitingText.setId("browserWaitingText");
        waitingText.setWrapText(true);
        waitingText
                .textProperty()
                .bind(viewModel
                        .waitingForProperty()
                        .map(name -> "Finish signing in with " + name + " in your browser, then come back here."));
        Button cancel = Forms.button("cancelBrowserSignIn", "Cancel", MaterialDesignC.CLOSE);
        cancel.setOnAction(event -> viewModel.cancel());
        HBox waiting = new HBox(10, spinner, waitingText, cancel);
        waiting.setAlignment(Pos.CENTER_LEFT);
        Label noBrowser = new Label("No browser opened?");
        noBrowser.getStyleClass().add(Styles.TEXT_MUTED);
        Button copyLink = Forms.button("copyBrowserSignInLink", "Copy the sign-in link", MaterialDesignC.CONTENT_COPY);
        copyLink.getStyleClass().add(Styles.FLAT);
        copyLink.setOnAction(event -> viewModel.copyLink());
        Label copied = new Label("Copied: paste it into a browser on this computer.");
        copied.setId("browserSignInLinkCopied");
        copied.getStyleClass().add(Styles.SUCCESS);
        copied.setWrapText(true);
        copied.visibleProperty().bind(viewModel.linkCopiedProperty());
        copied.managedProperty().bind(copied.visibleProperty());
        HBox fallback = new HBox(6, noBrowser, copyLink);
        fallback.setAlignment(Pos.CENTER_LEFT);
        VBox waitingBox = new VBox(6, waiting, fallback, copied);
        waitingBox.setId("browserWaiting");
        waitingBox.visibleProperty().bind(viewModel.waitingProperty());
        waitingBox.managedProperty().bind(waitingBox.visibleProperty());

        Label problem = Forms.sentence(viewModel.problemProperty(), Styles.DANGER);
        problem.setId("browserSignInProblem");
        ProgressIndicator exchanging = new ProgressIndicator();
        exchanging.setId("browserBusy");
        exchanging.setPrefSize(18, 18);
        exchanging.visibleProperty().bind(viewModel.busyProperty());
        exchanging.managedProperty().bind(exchanging.visibleProperty());

        VBox box = new VBox(12, new Separator(), buttons, waitingBox, problem, exchanging);
        box.setId("browserSignIn");
        box.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(viewModel.providers()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private void fill(VBox buttons) {
        buttons.getChildren()
                .setAll(viewModel.providers().stream()
                        .map(provider -> {
                            Button button = Forms.button(
                                    "signInWith-" + provider.id(),
                                    "Sign in with " + provider.displayName(),
                                    MaterialDesignO.OPEN_IN_NEW);
                            button.setMaxWidth(Double.MAX_VALUE);
                            button.setOnAction(event -> viewModel.signIn(provider));
                            return button;
                        })
                        .toList());
    }
}
