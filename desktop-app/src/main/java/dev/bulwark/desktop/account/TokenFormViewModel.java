package dev.bulwark.desktop.account;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.desktop.ui.FieldChecks;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.token.CreateApiTokenRequest;
import dev.bulwark.model.token.CreatedApiToken;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;

/** The form that creates an API token: a name, an expiry, and optionally modules and read-only. */
public final class TokenFormViewModel {
    static final String ENTER_NAME = "Enter a name that says where the token is used.";
    static final int NAME_MAX = 100;
    /** The expiries offered, in days; the server allows 1 to 365 and defaults to 90. */
    public static final List<Integer> EXPIRY_CHOICES = List.of(7, 30, 90, 180, 365);

    private final ServerConnection connection;
    private final Activity activity;
    private final Consumer<CreatedApiToken> onCreated;
    private final StringProperty name = new SimpleStringProperty(this, "name", "");
    private final ObjectProperty<Integer> expiresInDays = new SimpleObjectProperty<>(this, "expiresInDays", 90);
    private final Map<Module, BooleanProperty> modules = new EnumMap<>(Module.class);
    private final BooleanProperty readOnly = new SimpleBooleanProperty(this, "readOnly", false);
    private final ReadOnlyStringWrapper nameError = new ReadOnlyStringWrapper(this, "nameError", "");
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done", false);

    TokenFormViewModel(BackgroundRunner runner, ServerConnection connection, Consumer<CreatedApiToken> onCreated) {
        this.connection = connection;
        this.activity = new Activity(runner);
        this.onCreated = onCreated;
        for (Module module : Module.values()) {
            modules.put(module, new SimpleBooleanProperty(this, "module" + module, false));
        }
        name.addListener((observable, old, now) -> nameError.set(""));
    }

    /** Checks the form, then creates the token; {@link #doneProperty()} turns true and the value is handed on. */
    public void save() {
        nameError.set(FieldChecks.required(name.get(), ENTER_NAME).orElse(""));
        if (nameError.get().isEmpty() && name.get().strip().length() > NAME_MAX) {
            nameError.set("Use at most " + NAME_MAX + " characters.");
        }
        if (!nameError.get().isEmpty()) {
            activity.fail("Check the highlighted fields.");
            return;
        }
        List<Module> chosen =
                Arrays.stream(Module.values()).filter(m -> modules.get(m).get()).toList();
        CreateApiTokenRequest request = new CreateApiTokenRequest(
                name.get().strip(), expiresInDays.get(), chosen.isEmpty() ? null : chosen, readOnly.get());
        activity.run(
                () -> connection.client().me().tokens().create(request),
                created -> {
                    done.set(true);
                    onCreated.accept(created);
                },
                failure -> {
                    if (failure instanceof ApiException api) {
                        api.fieldError("name").ifPresent(nameError::set);
                    }
                    activity.fail(failure);
                });
    }

    public StringProperty nameProperty() {
        return name;
    }

    /** Days until the token expires, one of {@link #EXPIRY_CHOICES}. */
    public ObjectProperty<Integer> expiresInDaysProperty() {
        return expiresInDays;
    }

    /** Whether the token is limited to {@code module}; none chosen means every module. */
    public BooleanProperty moduleProperty(Module module) {
        return modules.get(module);
    }

    public BooleanProperty readOnlyProperty() {
        return readOnly;
    }

    public ReadOnlyStringProperty nameErrorProperty() {
        return nameError.getReadOnlyProperty();
    }

    /** True once the server created the token. */
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
