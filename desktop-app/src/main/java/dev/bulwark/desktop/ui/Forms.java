package dev.bulwark.desktop.ui;

import atlantafx.base.theme.Styles;
import java.util.function.Function;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableBooleanValue;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Control;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.kordamp.ikonli.Ikon;
import org.kordamp.ikonli.javafx.FontIcon;

/** The building blocks every form in the console shares, so all of them look and behave alike. */
public final class Forms {
    private Forms() {}

    /** A button with an icon that never shrinks below its text. */
    /** A converter for choice boxes and combo boxes that only display values and never parse typed text. */
    public static <T> StringConverter<T> displayConverter(Function<T, String> text) {
        return new StringConverter<>() {
            @Override
            public String toString(T value) {
                return value == null ? "" : text.apply(value);
            }

            @Override
            public T fromString(String typed) {
                return null; // nothing to parse: the user picks from the list
            }
        };
    }

    public static Button button(String id, String text, Ikon icon) {
        Button button = new Button(text, new FontIcon(icon));
        button.setId(id);
        button.setMinWidth(Region.USE_PREF_SIZE);
        return button;
    }

    /** A labelled input. */
    public static VBox field(String caption, Control input) {
        Label label = new Label(caption);
        label.setLabelFor(input);
        label.getStyleClass().add("field-caption");
        input.setMaxWidth(Double.MAX_VALUE);
        VBox box = new VBox(4, label, input);
        box.getStyleClass().add("form-field");
        return box;
    }

    /**
     * A labelled input with its error sentence underneath and, while there is one, a validation decoration on the
     * input (ControlsFX, {@link Validation}); the error label's id is the input's id followed by
     * {@code Error}, for example {@code #emailError}.
     */
    public static VBox field(String caption, Control input, ObservableStringValue error) {
        VBox box = field(caption, input);
        Label errorLabel = sentence(error, Styles.DANGER);
        errorLabel.setId(input.getId() + "Error");
        errorLabel.getStyleClass().add(Styles.TEXT_SMALL);
        Validation.decorate(input, error);
        box.getChildren().add(errorLabel);
        return box;
    }

    /** A wrapping label showing {@code text}; it takes no room while the text is empty. */
    public static Label sentence(ObservableStringValue text, String... styleClasses) {
        Label label = new Label();
        label.textProperty().bind(text);
        label.setWrapText(true);
        label.getStyleClass().addAll(styleClasses);
        label.visibleProperty().bind(Bindings.isNotEmpty(text));
        label.managedProperty().bind(label.visibleProperty());
        return label;
    }

    /** The screen's problem sentence, id {@code #problem}. */
    public static Label problem(ObservableStringValue problem) {
        Label label = sentence(problem, Styles.DANGER);
        label.setId("problem");
        return label;
    }

    /** The screen's notice, a neutral sentence such as "You have signed out.", id {@code #notice}. */
    public static Label notice(ObservableStringValue notice) {
        Label label = sentence(notice, Styles.SUCCESS);
        label.setId("notice");
        return label;
    }

    /** A small spinner, id {@code #busy}, visible while {@code busy} holds. */
    public static ProgressIndicator busyIndicator(ObservableBooleanValue busy) {
        ProgressIndicator indicator = new ProgressIndicator();
        indicator.setId("busy");
        indicator.setPrefSize(22, 22);
        indicator.setMaxSize(22, 22);
        indicator.visibleProperty().bind(busy);
        indicator.managedProperty().bind(busy);
        return indicator;
    }

    /** A label styled as a screen title. */
    public static Label title(String text) {
        Label label = new Label(text);
        label.getStyleClass().add(Styles.TITLE_2);
        return label;
    }

    /** A muted explanatory line. */
    public static Label hint(String text) {
        Label label = new Label(text);
        label.setWrapText(true);
        label.getStyleClass().add(Styles.TEXT_MUTED);
        return label;
    }

    /** Gives {@code node} the keyboard focus each time it is put on screen. */
    public static void focusWhenShown(Node node) {
        node.sceneProperty().addListener((observable, old, scene) -> {
            if (scene != null) {
                Platform.runLater(node::requestFocus);
            }
        });
    }

    /** Marks {@code node} as a card-like panel of the console's stylesheet. */
    public static <N extends Node> N panel(N node) {
        node.getStyleClass().add("panel");
        return node;
    }
}
