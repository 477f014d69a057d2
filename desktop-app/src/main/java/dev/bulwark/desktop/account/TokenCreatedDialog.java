package dev.bulwark.desktop.account;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.model.token.CreatedApiToken;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.control.TextField;
import javafx.scene.input.Clipboard;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;

/** Shows a new API token's value, the only time it can be seen, with a Copy button. */
final class TokenCreatedDialog {
    static final String WARNING = "Copy the token now. It will not be shown again: Bulwark keeps only a"
            + " fingerprint of it. If you lose it, revoke it and create another.";

    private TokenCreatedDialog() {}

    static void show(Window owner, CreatedApiToken created, MyTokensViewModel tokens) {
        TextField value = new TextField(created.value().reveal());
        value.setId("createdTokenValue");
        value.setEditable(false);
        value.setPrefColumnCount(44);
        value.setStyle("-fx-font-family: monospace;");
        HBox.setHgrow(value, Priority.ALWAYS);
        Button copy = Forms.button("copyToken", "Copy", MaterialDesignC.CONTENT_COPY);
        copy.setOnAction(event -> {
            ClipboardContent content = new ClipboardContent();
            content.putString(value.getText());
            Clipboard.getSystemClipboard().setContent(content);
            tokens.copied();
        });
        Label warning = new Label(WARNING);
        warning.setId("createdTokenWarning");
        warning.setWrapText(true);
        warning.setMinHeight(Region.USE_PREF_SIZE);
        warning.getStyleClass().add(Styles.WARNING);
        // Always laid out, so the dialog (which keeps the size it opened with) has room for the sentence.
        Label copied = new Label();
        copied.textProperty().bind(tokens.createdNoticeProperty());
        copied.getStyleClass().add(Styles.SUCCESS);
        copied.setMinHeight(22);
        copied.setId("createdTokenCopied");
        VBox content = new VBox(12, warning, new HBox(8, value, copy), copied);
        content.setId("createdToken");
        content.setPrefWidth(600);

        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("API token created");
        dialog.setHeaderText("API token \u201c" + created.token().name() + "\u201d created");
        ButtonType done = new ButtonType("I have copied it", ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().add(done);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().setPrefWidth(640);
        Button close = (Button) dialog.getDialogPane().lookupButton(done);
        close.setId("closeCreatedToken");
        close.getStyleClass().add(Styles.ACCENT);
        dialog.setOnHidden(event -> {
            value.clear();
            tokens.dismissCreated();
        });
        dialog.show();
    }
}
