package dev.bulwark.desktop.settings;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.oidc.OidcProvider;
import dev.bulwark.model.oidc.OidcProviderCheck;
import java.util.stream.Collectors;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;

/** Settings → Sign-in providers: the OpenID Connect providers people may sign in with. */
public final class SignInProvidersViewModel {
    private final BackgroundRunner runner;
    private final ServerConnection connection;
    private final Activity activity;
    private final ObservableList<OidcProvider> providers = FXCollections.observableArrayList();
    private final ObjectProperty<OidcProvider> selected = new SimpleObjectProperty<>(this, "selected");
    private final ReadOnlyStringWrapper testResult = new ReadOnlyStringWrapper(this, "testResult", "");
    private final ReadOnlyStringWrapper redirectUri = new ReadOnlyStringWrapper(this, "redirectUri", "");

    public SignInProvidersViewModel(BackgroundRunner runner, ServerConnection connection) {
        this.runner = runner;
        this.connection = connection;
        this.activity = new Activity(runner);
        selected.addListener((observable, old, now) -> {
            testResult.set("");
            redirectUri.set(
                    now == null ? "" : now.redirectUri(connection.client().baseUri()));
        });
    }

    /** Reads the providers again. */
    public void reload() {
        activity.run(() -> connection.client().oidcProviders().list().providers(), list -> {
            OidcProvider was = selected.get();
            providers.setAll(list);
            selected.set(
                    was == null
                            ? null
                            : list.stream()
                                    .filter(p -> p.id().equals(was.id()))
                                    .findFirst()
                                    .orElse(null));
        });
    }

    /** A form for a new provider; {@code google} fills in Google's issuer and name. */
    public ProviderFormViewModel newProvider(boolean google) {
        return ProviderFormViewModel.create(runner, connection, google, saved -> reloadSelecting(saved));
    }

    /** A form for the selected provider. */
    public ProviderFormViewModel editSelected() {
        return ProviderFormViewModel.edit(runner, connection, selected.get(), saved -> reloadSelecting(saved));
    }

    private void reloadSelecting(OidcProvider saved) {
        selected.set(saved);
        reload();
    }

    /** Fetches the selected provider's discovery document and keys on the server and shows what was found. */
    public void testSelected() {
        OidcProvider provider = selected.get();
        if (provider == null) {
            return;
        }
        testResult.set("");
        activity.run(
                () -> connection.client().oidcProviders().test(provider.id()),
                check -> testResult.set(describe(check)));
    }

    static String describe(OidcProviderCheck check) {
        if (check.ok()) {
            return "Works: issuer " + check.issuer() + ", " + check.signingKeys()
                    + (check.signingKeys() == 1 ? " signing key" : " signing keys") + ", token endpoint "
                    + check.tokenEndpoint() + "."
                    + (check.problems().isEmpty() ? "" : " Note: " + String.join(" ", check.problems()));
        }
        return "Does not work yet: " + check.problems().stream().collect(Collectors.joining(" "));
    }

    /** Removes the selected provider. */
    public void removeSelected() {
        OidcProvider provider = selected.get();
        if (provider == null) {
            return;
        }
        activity.run(
                () -> {
                    connection.client().oidcProviders().delete(provider.id());
                    return provider;
                },
                removed -> {
                    selected.set(null);
                    reload();
                });
    }

    public ObservableList<OidcProvider> providers() {
        return providers;
    }

    public ObjectProperty<OidcProvider> selectedProperty() {
        return selected;
    }

    /** The redirect URI to register at the selected provider, as this console reaches the server, or empty. */
    public ReadOnlyStringProperty redirectUriProperty() {
        return redirectUri.getReadOnlyProperty();
    }

    /** What the last test found, or empty. */
    public ReadOnlyStringProperty testResultProperty() {
        return testResult.getReadOnlyProperty();
    }

    public ReadOnlyBooleanProperty busyProperty() {
        return activity.busyProperty();
    }

    public ReadOnlyStringProperty problemProperty() {
        return activity.problemProperty();
    }
}
