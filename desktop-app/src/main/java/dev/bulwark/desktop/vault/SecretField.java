package dev.bulwark.desktop.vault;

import dev.bulwark.model.Secret;
import java.time.Duration;
import java.time.Instant;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;

/**
 * One encrypted field of the selected entry as the detail pane shows it: masked, or its value until a moment
 * after which it is masked again. The value is held only while it is shown.
 */
public final class SecretField {
    static final String MASK = "••••••••••••";

    private final String field;
    private final String caption;
    private final ReadOnlyStringWrapper text = new ReadOnlyStringWrapper(this, "text", MASK);
    private final ReadOnlyBooleanWrapper revealed = new ReadOnlyBooleanWrapper(this, "revealed", false);
    private final ReadOnlyLongWrapper secondsLeft = new ReadOnlyLongWrapper(this, "secondsLeft", 0);
    private Secret value;
    private Instant hideAt;

    /**
     * @param field the field's name on the wire: {@code secret}, {@code notes} or a custom field's name
     * @param caption what the detail pane calls it
     */
    SecretField(String field, String caption) {
        this.field = field;
        this.caption = caption;
    }

    public String field() {
        return field;
    }

    public String caption() {
        return caption;
    }

    /** The value while revealed, otherwise a mask. */
    public ReadOnlyStringProperty textProperty() {
        return text.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty revealedProperty() {
        return revealed.getReadOnlyProperty();
    }

    /** Whole seconds until the value is masked again; zero while masked. */
    public ReadOnlyLongProperty secondsLeftProperty() {
        return secondsLeft.getReadOnlyProperty();
    }

    /** The value, while revealed. */
    Secret value() {
        return value;
    }

    void show(Secret shown, Instant until, Instant now) {
        value = shown;
        hideAt = until;
        text.set(shown.reveal());
        revealed.set(true);
        tick(now);
    }

    /** Masks the value once its time is up; answers whether it is still shown. */
    boolean tick(Instant now) {
        if (value == null) {
            return false;
        }
        long left = (Duration.between(now, hideAt).toMillis() + 999) / 1000;
        if (left <= 0) {
            hide();
            return false;
        }
        secondsLeft.set(left);
        return true;
    }

    /** Masks the value and forgets it. */
    void hide() {
        value = null;
        hideAt = null;
        text.set(MASK);
        revealed.set(false);
        secondsLeft.set(0);
    }

    @Override
    public String toString() {
        return "SecretField[" + field + "]";
    }
}
