package dev.bulwark.desktop.settings;

import dev.bulwark.desktop.connect.ServerConnection;
import dev.bulwark.desktop.ui.Activity;
import dev.bulwark.desktop.ui.BackgroundRunner;
import dev.bulwark.model.Secret;
import dev.bulwark.model.oidc.OidcProvider;
import dev.bulwark.model.oidc.OidcProviderRequest;
import dev.bulwark.model.problem.ApiException;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.StringBinding;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableStringValue;

/**
 * The form that adds or changes a sign-in provider. The client secret is write-only: the field starts empty, and
 * an empty field on a change keeps the stored secret.
 */
public final class ProviderFormViewModel {
    private final ServerConnection connection;
    private final Activity activity;
    private final OidcProvider editing;
    private final Consumer<OidcProvider> onSaved;
    private final StringProperty slug = new SimpleStringProperty(this, "slug", "");
    private final StringProperty displayName = new SimpleStringProperty(this, "displayName", "");
    private final StringProperty issuer = new SimpleStringProperty(this, "issuer", "");
    private final StringProperty clientId = new SimpleStringProperty(this, "clientId", "");
    private final StringProperty clientSecret = new SimpleStringProperty(this, "clientSecret", "");
    private final StringProperty scopes = new SimpleStringProperty(this, "scopes", "openid email profile");
    private final StringProperty allowedDomains = new SimpleStringProperty(this, "allowedDomains", "");
    private final BooleanProperty enabled = new SimpleBooleanProperty(this, "enabled", true);
    private final BooleanProperty trustProviderMfa = new SimpleBooleanProperty(this, "trustProviderMfa", false);
    private final StringBinding registrationWarning;
    private final ReadOnlyBooleanWrapper done = new ReadOnlyBooleanWrapper(this, "done", false);
    private final Map<String, ReadOnlyStringWrapper> errors = Map.of(
            "slug", new ReadOnlyStringWrapper(""),
            "displayName", new ReadOnlyStringWrapper(""),
            "issuer", new ReadOnlyStringWrapper(""),
            "clientId", new ReadOnlyStringWrapper(""),
            "clientSecret", new ReadOnlyStringWrapper(""),
            "scopes", new ReadOnlyStringWrapper(""),
            "allowedDomains", new ReadOnlyStringWrapper(""));

    private ProviderFormViewModel(
            BackgroundRunner runner,
            ServerConnection connection,
            OidcProvider editing,
            Consumer<OidcProvider> onSaved) {
        this.connection = connection;
        this.activity = new Activity(runner);
        this.editing = editing;
        this.onSaved = onSaved;
        this.registrationWarning =
                Bindings.createStringBinding(() -> registrationChanges() ? REGISTRATION_CHANGE : "", issuer, clientId);
    }

    /** What a change of issuer or client id does, said before it is saved (docs/decisions/0027). */
    static final String REGISTRATION_CHANGE = "Saving another issuer or client id removes the stored client secret"
            + " and unlinks every account linked through this provider; enter the new registration's secret.";

    private boolean registrationChanges() {
        if (editing == null) {
            return false;
        }
        String typedIssuer = issuer.get().strip();
        String storedIssuer = editing.issuer();
        return !stripSlash(typedIssuer).equals(stripSlash(storedIssuer))
                || !clientId.get().strip().equals(editing.clientId());
    }

    private static String stripSlash(String url) {
        return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
    }

    static ProviderFormViewModel create(
            BackgroundRunner runner, ServerConnection connection, boolean google, Consumer<OidcProvider> onSaved) {
        ProviderFormViewModel form = new ProviderFormViewModel(runner, connection, null, onSaved);
        if (google) {
            form.slug.set("google");
            form.displayName.set("Google");
            form.issuer.set(OidcProvider.GOOGLE_ISSUER);
        }
        return form;
    }

    static ProviderFormViewModel edit(
            BackgroundRunner runner,
            ServerConnection connection,
            OidcProvider provider,
            Consumer<OidcProvider> onSaved) {
        ProviderFormViewModel form = new ProviderFormViewModel(runner, connection, provider, onSaved);
        form.slug.set(provider.slug());
        form.displayName.set(provider.displayName());
        form.issuer.set(provider.issuer());
        form.clientId.set(provider.clientId());
        form.scopes.set(String.join(" ", provider.scopes()));
        form.allowedDomains.set(String.join(", ", provider.allowedDomains()));
        form.enabled.set(provider.enabled());
        form.trustProviderMfa.set(provider.trustProviderMfa());
        return form;
    }

    public boolean isNew() {
        return editing == null;
    }

    /** Whether a secret is stored already (an empty field then keeps it). */
    public boolean hasStoredSecret() {
        return editing != null && editing.clientSecretSet();
    }

    /** Sends the form; {@link #doneProperty()} turns true on success. */
    public void save() {
        errors.values().forEach(e -> e.set(""));
        String typedSecret = clientSecret.get();
        OidcProviderRequest request = new OidcProviderRequest(
                slug.get().strip(),
                displayName.get().strip(),
                issuer.get().strip(),
                clientId.get().strip(),
                typedSecret.isEmpty() ? null : Secret.of(typedSecret),
                words(scopes.get()),
                words(allowedDomains.get()),
                enabled.get(),
                trustProviderMfa.get());
        activity.run(
                () -> isNew()
                        ? connection.client().oidcProviders().create(request)
                        : connection.client().oidcProviders().update(editing.id(), request),
                saved -> {
                    clientSecret.set("");
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

    private static List<String> words(String text) {
        return Arrays.stream(text.split("[\\s,]+")).filter(w -> !w.isBlank()).toList();
    }

    public StringProperty slugProperty() {
        return slug;
    }

    public StringProperty displayNameProperty() {
        return displayName;
    }

    public StringProperty issuerProperty() {
        return issuer;
    }

    public StringProperty clientIdProperty() {
        return clientId;
    }

    public StringProperty clientSecretProperty() {
        return clientSecret;
    }

    public StringProperty scopesProperty() {
        return scopes;
    }

    public StringProperty allowedDomainsProperty() {
        return allowedDomains;
    }

    public BooleanProperty enabledProperty() {
        return enabled;
    }

    /** Whether an administrator's second factor at the provider (amr) stands in for Bulwark's. */
    public BooleanProperty trustProviderMfaProperty() {
        return trustProviderMfa;
    }

    /** The warning shown while the issuer or client id differ from the stored ones, or empty. */
    public ObservableStringValue registrationWarningProperty() {
        return registrationWarning;
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
