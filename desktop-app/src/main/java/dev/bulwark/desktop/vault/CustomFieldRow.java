package dev.bulwark.desktop.vault;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * One custom field in the entry form. A secret field read from the server has no value here: left empty, it keeps
 * the value the server holds.
 */
public final class CustomFieldRow {
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty value = new SimpleStringProperty(this, "value", "");
    private final BooleanProperty secret = new SimpleBooleanProperty(this, "secret", false);
    private final boolean storedSecret;

    CustomFieldRow(String name, String value, boolean secret, boolean storedSecret) {
        this.name.set(name == null ? "" : name);
        this.value.set(value == null ? "" : value);
        this.secret.set(secret);
        this.storedSecret = storedSecret;
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty valueProperty() {
        return value;
    }

    public BooleanProperty secretProperty() {
        return secret;
    }

    /** Whether the server holds a secret value for this field, kept while the value here is left empty. */
    public boolean storedSecret() {
        return storedSecret;
    }

    @Override
    public String toString() {
        return "CustomFieldRow[" + name.get() + "]";
    }
}
