package dev.bulwark.desktop.settings;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.forward.ForwardDestination;
import dev.bulwark.model.forward.ForwardDestinationRequest;
import dev.bulwark.model.forward.ForwardKind;
import dev.bulwark.model.problem.ApiException;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/**
 * The form that adds or changes a forwarding destination. The webhook's HMAC key is write-only: the field starts
 * empty, and an empty field on a change keeps the stored key.
 */
public final class ForwardingFormViewModel {
    private final ServerConnection connection;
    private final Activity activity;
    private final ForwardKind kind;
    private final ForwardDestination editing;
    private final Consumer<ForwardDestination> onSaved;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final StringProperty address = new SimpleStringProperty(this, "address", "");
    private final BooleanProperty plainTcp = new SimpleBooleanProperty(this, "plainTcp", false);
    private final StringProperty trustedCertificates = new SimpleStringProperty(this, "trustedCertificates", "");
    private final StringProperty secret = new SimpleStringProperty(this, "secret", "");
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled", true);
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done", false);
    private final Map<String, ReadOnlyStringWrapper> errors = Map.of(
            "name", new ReadOnlyStringWrapper(""),
            "address", new ReadOnlyStringWrapper(""),
            "plainTcp", new ReadOnlyStringWrapper(""),
            "trustedCertificates", new ReadOnlyStringWrapper(""),
            "secret", new ReadOnlyStringWrapper(""));

    private ForwardingFormViewModel(
            BackgroundRunner runner,
            ServerConnection connection,
            ForwardKind kind,
            ForwardDestination editing,
            Consumer<ForwardDestination> onSaved) {
        this.connection = connection;
        this.activity = new Activity(runner);
        this.kind = kind;
        this.editing = editing;
        this.onSaved = onSaved;
    }

    static ForwardingFormViewModel create(
            BackgroundRunner runner,
            ServerConnection connection,
            ForwardKind kind,
            Consumer<ForwardDestination> onSaved) {
        return new ForwardingFormViewModel(runner, connection, kind, null, onSaved);
    }

    static ForwardingFormViewModel edit(
            BackgroundRunner runner,
            ServerConnection connection,
            ForwardDestination d,
            Consumer<ForwardDestination> onSaved) {
        ForwardingFormViewModel form = new ForwardingFormViewModel(runner, connection, d.kind(), d, onSaved);
        form.name.set(d.name());
        form.address.set(d.address());
        form.plainTcp.set(d.plainTcp());
        form.trustedCertificates.set(d.trustedCertificates() == null ? "" : d.trustedCertificates());
        form.enabled.set(d.enabled());
        return form;
    }

    public boolean isNew() {
        return editing == null;
    }

    public ForwardKind kind() {
        return kind;
    }

    /** Whether a key is stored already (an empty field then keeps it). */
    public boolean hasStoredSecret() {
        return editing != null && editing.secretSet();
    }

    /** Sends the form; {@link #doneProperty()} turns true on success. */
    public void save() {
        errors.values().forEach(e -> e.set(""));
        String typedSecret = secret.get();
        String pem = trustedCertificates.get().strip();
        ForwardDestinationRequest request = new ForwardDestinationRequest(
                name.get().strip(),
                kind,
                address.get().strip(),
                kind == ForwardKind.SYSLOG ? plainTcp.get() : null,
                pem.isEmpty() ? null : pem,
                typedSecret.isEmpty() ? null : Secret.of(typedSecret),
                enabled.get());
        activity.run(
                () -> isNew()
                        ? connection.client().forwarding().create(request)
                        : connection.client().forwarding().update(editing.id(), request),
                saved -> {
                    secret.set("");
                    done.set(true);
                    onSaved.accept(saved);
                },
                failure -> {
                    if (failure instanceof ApiException api) {
                        errors.forEach((field, error) -> api.fieldError(field).ifPresent(error::set));
                    }
                    activity.fail(failure);
                });
    }

    public StringProperty nameProperty() {
        return name;
    }

    public StringProperty addressProperty() {
        return address;
    }

    public BooleanProperty plainTcpProperty() {
        return plainTcp;
    }

    public StringProperty trustedCertificatesProperty() {
        return trustedCertificates;
    }

    public StringProperty secretProperty() {
        return secret;
    }

    public BooleanProperty enabledProperty() {
        return enabled;
    }

    /** The server's sentence about {@code field}, or empty. */
    public ReadOnlyStringProperty errorProperty(String field) {
        return errors.get(field).getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty doneProperty() {
        return done.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }
}
