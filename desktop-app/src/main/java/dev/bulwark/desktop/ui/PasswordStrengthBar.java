package dev.bulwark.desktop.ui;

import atlantafx.base.theme.Styles;
import java.util.List;
import java.util.function.Supplier;
import javafx.animation.PauseTransition;
import javafx.beans.binding.Bindings;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.VBox;
import javafx.util.Duration;

/**
 * A strength meter under a new-password field: a bar in five steps and the policy's sentence, updated a moment
 * after the person stops typing. The sentence is a single space while nothing is rated.
 */
public final class PasswordStrengthBar extends VBox {
    private static final Duration SETTLE = Duration.millis(250);
    private static final List<String> STATES = List.of(Styles.DANGER, Styles.SUCCESS);

    /**
     * @param idPrefix prefix of the nodes' ids ({@code idPrefix + "Strength"}, {@code idPrefix + "StrengthText"})
     * @param password the password being typed
     * @param email the account's email as typed or known, for the policy's personal-information rule
     * @param displayName the account's name, for the same rule
     */
    public PasswordStrengthBar(
            String idPrefix,
            PasswordFeedback feedback,
            ObservableStringValue password,
            Supplier<String> email,
            Supplier<String> displayName) {
        super(4);
        ProgressBar bar = new ProgressBar(0);
        bar.setId(idPrefix + "Strength");
        bar.setMaxWidth(Double.MAX_VALUE);
        bar.getStyleClass().add(Styles.SMALL);
        Label text = new Label();
        text.setId(idPrefix + "StrengthText");
        text.setWrapText(true);
        text.getStyleClass().add(Styles.TEXT_SMALL);
        // The meter keeps its room while unrated, so nothing below it moves as the verdict comes and goes.
        text.textProperty()
                .bind(Bindings.when(feedback.messageProperty().isEmpty())
                        .then(" ")
                        .otherwise(feedback.messageProperty()));
        bar.visibleProperty().bind(feedback.scoreProperty().greaterThan(PasswordFeedback.UNRATED));
        getChildren().addAll(bar, text);
        feedback.scoreProperty()
                .addListener((o, old, now) ->
                        show(bar, now.intValue(), feedback.acceptableProperty().get()));
        feedback.acceptableProperty()
                .addListener((o, old, now) -> show(bar, feedback.scoreProperty().get(), now));

        PauseTransition settle = new PauseTransition(SETTLE);
        settle.setOnFinished(event -> feedback.check(password.get(), email.get(), displayName.get()));
        password.addListener((o, old, now) -> settle.playFromStart());
    }

    private static void show(ProgressBar bar, int score, boolean acceptable) {
        bar.setProgress(Math.max(0, score + 1) / 5.0);
        bar.getStyleClass().removeAll(STATES);
        bar.getStyleClass().add(acceptable ? Styles.SUCCESS : Styles.DANGER);
    }
}
