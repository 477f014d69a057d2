package dev.bulwark.desktop.ui;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.function.Consumer;
import javafx.application.Platform;
import javafx.beans.value.ObservableBooleanValue;
import javafx.event.ActionEvent;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.ChoiceDialog;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Dialog;
import javafx.stage.Window;
import javafx.util.StringConverter;

/**
 * The console's dialogs. A form dialog stays open while its ViewModel works and closes itself once the
 * ViewModel says it is done, so server errors can be shown next to the fields; nothing here waits on the UI
 * thread.
 */
public final class Dialogs {
    private Dialogs() {}

    /**
     * Shows a form: the confirm button (id {@code confirmId}) runs {@code submit} instead of closing; the dialog
     * closes when {@code done} turns true or when cancelled.
     */
    public static Dialog<ButtonType> form(
            Window owner,
            String title,
            String confirmText,
            String confirmId,
            Node content,
            ObservableBooleanValue busy,
            ObservableBooleanValue done,
            Runnable submit) {
        Dialog<ButtonType> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        ButtonType confirm = new ButtonType(confirmText, ButtonBar.ButtonData.OK_DONE);
        dialog.getDialogPane().getButtonTypes().addAll(confirm, ButtonType.CANCEL);
        dialog.getDialogPane().setContent(content);
        dialog.getDialogPane().setPrefWidth(460);
        Button confirmButton = (Button) dialog.getDialogPane().lookupButton(confirm);
        confirmButton.setId(confirmId);
        confirmButton.getStyleClass().add(Styles.ACCENT);
        confirmButton.disableProperty().bind(busy);
        Button cancelButton = (Button) dialog.getDialogPane().lookupButton(ButtonType.CANCEL);
        cancelButton.setId(confirmId + "Cancel");
        confirmButton.addEventFilter(ActionEvent.ACTION, event -> {
            event.consume();
            submit.run();
            fitToContent(dialog);
        });
        busy.addListener((observable, was, now) -> {
            if (!now) {
                fitToContent(dialog);
            }
        });
        done.addListener((observable, old, now) -> {
            if (now) {
                dialog.setResult(confirm);
                dialog.close();
            }
        });
        dialog.show();
        return dialog;
    }

    /**
     * A dialog's window keeps the size it opened with, so error sentences that appear after a check or an answer
     * would be cut off; the window is fitted to its content again once they are shown.
     */
    private static void fitToContent(Dialog<?> dialog) {
        Platform.runLater(() -> {
            Window window = dialog.getDialogPane().getScene() == null
                    ? null
                    : dialog.getDialogPane().getScene().getWindow();
            if (window != null && window.isShowing()) {
                window.sizeToScene();
            }
        });
    }

    /** Asks {@code question}; runs {@code onYes} only when the person confirms with the button {@code yesText}. */
    public static void confirm(Window owner, String title, String question, String yesText, Runnable onYes) {
        ButtonType yes = new ButtonType(yesText, ButtonBar.ButtonData.OK_DONE);
        Alert alert = new Alert(Alert.AlertType.CONFIRMATION, question, yes, ButtonType.CANCEL);
        alert.initOwner(owner);
        alert.setTitle(title);
        alert.setHeaderText(title);
        Button yesButton = (Button) alert.getDialogPane().lookupButton(yes);
        yesButton.setId("confirmYes");
        yesButton.getStyleClass().add(Styles.DANGER);
        alert.getDialogPane().setId("confirmation");
        alert.resultProperty().addListener((observable, old, result) -> {
            if (result == yes) {
                onYes.run();
            }
        });
        alert.show();
    }

    /** Lets the person choose one of {@code choices}; {@code onChosen} gets the choice. */
    public static <T> void choose(
            Window owner,
            String title,
            String prompt,
            List<T> choices,
            StringConverter<T> names,
            Consumer<T> onChosen) {
        ChoiceDialog<T> dialog = new ChoiceDialog<>(choices.isEmpty() ? null : choices.getFirst(), choices);
        dialog.initOwner(owner);
        dialog.setTitle(title);
        dialog.setHeaderText(title);
        dialog.setContentText(prompt);
        dialog.getDialogPane().setId("chooser");
        Button ok = (Button) dialog.getDialogPane().lookupButton(ButtonType.OK);
        ok.setId("chooseConfirm");
        dialog.getDialogPane().lookupAll(".combo-box").forEach(node -> {
            node.setId("choice");
            if (node instanceof ComboBox<?> combo) {
                @SuppressWarnings("unchecked")
                ComboBox<T> typed = (ComboBox<T>) combo;
                typed.setConverter(names);
            }
        });
        dialog.resultProperty().addListener((observable, old, result) -> {
            if (result != null) {
                onChosen.accept(result);
            }
        });
        dialog.show();
    }
}
