package dev.bulwark.desktop.ui;

import atlantafx.base.theme.Styles;
import javafx.beans.value.ObservableStringValue;
import javafx.scene.Node;
import javafx.scene.control.Control;
import org.controlsfx.validation.ValidationResult;
import org.controlsfx.validation.ValidationSupport;
import org.controlsfx.validation.decoration.GraphicValidationDecoration;
import org.kordamp.ikonli.javafx.FontIcon;
import org.kordamp.ikonli.materialdesign2.MaterialDesignA;

/**
 * Validation decorations of the console's forms (ControlsFX {@link ValidationSupport}): a field whose view model
 * gives a reason marks itself with an icon at its corner whose tooltip is the reason. The view model owns the
 * reasons and when they are given; this only shows them (decision 0035).
 */
public final class Validation {
    private static final String SUPPORT = "bulwark.validation";

    private Validation() {}

    /**
     * Decorates {@code input} while {@code error} is not empty; the decoration's tooltip reads {@code error}.
     *
     * @return the validation support, whose {@code invalidProperty()} holds while the field has a reason
     */
    public static ValidationSupport decorate(Control input, ObservableStringValue error) {
        ValidationSupport support = new ValidationSupport();
        support.setValidationDecorator(new IconDecoration());
        support.registerValidator(input, false, (Control control, Object value) -> {
            String reason = error.get();
            return ValidationResult.fromErrorIf(control, reason, reason != null && !reason.isEmpty());
        });
        error.addListener((observable, old, now) -> {
            input.pseudoClassStateChanged(Styles.STATE_DANGER, now != null && !now.isEmpty());
            support.revalidate(input);
        });
        // The support listens to the field; the field keeps it, so it lives exactly as long as the form.
        input.getProperties().put(SUPPORT, support);
        return support;
    }

    /** The support {@link #decorate} gave {@code input}, if any. */
    public static ValidationSupport of(Control input) {
        return (ValidationSupport) input.getProperties().get(SUPPORT);
    }

    /** ControlsFX's graphic decoration with the console's icon set instead of its bitmaps. */
    private static final class IconDecoration extends GraphicValidationDecoration {
        @Override
        protected Node createErrorNode() {
            FontIcon icon = new FontIcon(MaterialDesignA.ALERT_CIRCLE);
            icon.getStyleClass().add("validation-error-icon");
            return icon;
        }

        @Override
        protected Node createWarningNode() {
            FontIcon icon = new FontIcon(MaterialDesignA.ALERT);
            icon.getStyleClass().add("validation-warning-icon");
            return icon;
        }
    }
}
