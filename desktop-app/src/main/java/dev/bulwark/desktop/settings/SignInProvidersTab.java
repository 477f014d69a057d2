package dev.bulwark.desktop.settings;

import atlantafx.base.theme.Styles;
import dev.bulwark.desktop.ui.Dialogs;
import dev.bulwark.desktop.ui.Forms;
import dev.bulwark.desktop.ui.Tables;
import dev.bulwark.model.oidc.OidcProvider;
import javafx.beans.binding.BooleanBinding;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.control.Tab;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.Window;
import org.kordamp.ikonli.materialdesign2.MaterialDesignC;
import org.kordamp.ikonli.materialdesign2.MaterialDesignD;
import org.kordamp.ikonli.materialdesign2.MaterialDesignG;
import org.kordamp.ikonli.materialdesign2.MaterialDesignP;
import org.kordamp.ikonli.materialdesign2.MaterialDesignT;

/** The Settings tab "Sign-in providers": list, add (Google or any OpenID Connect issuer), edit, test, remove. */
public final class SignInProvidersTab {
    private final SignInProvidersViewModel viewModel;
    private final Tab tab;

    public SignInProvidersTab(SignInProvidersViewModel viewModel) {
        this.viewModel = viewModel;
        this.tab = build();
    }

    public Tab tab() {
        return tab;
    }

    /** Reads the providers again, when the Settings page is opened. */
    public void reload() {
        viewModel.reload();
    }

    private Tab build() {
        TableView<OidcProvider> table = new TableView<>(viewModel.providers());
        table.setId("providersTable");
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        table.getColumns()
                .setAll(
                        Tables.text("Name", 140, OidcProvider::displayName),
                        Tables.text("Id", 100, OidcProvider::slug),
                        Tables.text("Issuer", 240, OidcProvider::issuer),
                        Tables.text(
                                "Allowed domains",
                                160,
                                p -> p.allowedDomains().isEmpty() ? "any" : String.join(", ", p.allowedDomains())),
                        Tables.text("Enabled", 80, p -> p.enabled() ? "yes" : "no"));
        table.setPlaceholder(new Label("No sign-in providers. Add Google or another OpenID Connect provider."));
        table.getSelectionModel()
                .selectedItemProperty()
                .addListener((o, old, now) -> viewModel.selectedProperty().set(now));
        viewModel.selectedProperty().addListener((o, old, now) -> {
            if (now != null && table.getSelectionModel().getSelectedItem() != now) {
                table.getSelectionModel().select(now);
            }
        });
        VBox.setVgrow(table, Priority.ALWAYS);

        Button addGoogle = Forms.button("addGoogleProvider", "Add Google", MaterialDesignG.GOOGLE);
        addGoogle.setOnAction(event -> ProviderDialog.show(window(table), viewModel.newProvider(true)));
        Button add = Forms.button("addProvider", "Add provider", MaterialDesignP.PLUS);
        add.setOnAction(event -> ProviderDialog.show(window(table), viewModel.newProvider(false)));
        BooleanBinding none = viewModel.selectedProperty().isNull();
        Button edit = Forms.button("editProvider", "Edit", MaterialDesignP.PENCIL);
        edit.disableProperty().bind(none);
        edit.setOnAction(event -> ProviderDialog.show(window(table), viewModel.editSelected()));
        Button test = Forms.button("testProvider", "Test", MaterialDesignT.TEST_TUBE);
        test.disableProperty().bind(none.or(viewModel.busyProperty()));
        test.setOnAction(event -> viewModel.testSelected());
        Button remove = Forms.button("removeProvider", "Remove", MaterialDesignD.DELETE_OUTLINE);
        remove.disableProperty().bind(none);
        remove.setOnAction(event -> Dialogs.confirm(
                window(table),
                "Remove sign-in provider",
                "Remove " + viewModel.selectedProperty().get().displayName()
                        + "? Nobody can sign in with it afterwards.",
                "Remove",
                viewModel::removeSelected));
        HBox tools = new HBox(8, addGoogle, add, edit, test, remove, Forms.busyIndicator(viewModel.busyProperty()));
        tools.setAlignment(Pos.CENTER_LEFT);

        javafx.scene.control.TextField redirect = new javafx.scene.control.TextField();
        redirect.setId("providerRedirectUri");
        redirect.setEditable(false);
        redirect.textProperty().bind(viewModel.redirectUriProperty());
        VBox redirectBox = Forms.field("Redirect URI to register at the provider", redirect);
        redirectBox.visibleProperty().bind(viewModel.selectedProperty().isNotNull());
        redirectBox.managedProperty().bind(redirectBox.visibleProperty());
        Label testResult = Forms.sentence(viewModel.testResultProperty());
        testResult.setId("providerTestResult");
        Label hint = Forms.hint("At the provider, register {server address}/api/v1/auth/oidc/{id}/callback as the"
                + " redirect URI and allow the scopes openid email profile. Only existing, enabled users can sign in.");
        VBox content =
                new VBox(12, tools, table, redirectBox, testResult, Forms.problem(viewModel.problemProperty()), hint);
        content.setPadding(new Insets(16, 0, 0, 0));
        content.setId("signInProviders");
        Tab providersTab = new Tab("Sign-in providers", content);
        providersTab.setId("signInProvidersTab");
        providersTab.setGraphic(new org.kordamp.ikonli.javafx.FontIcon(MaterialDesignC.CARD_ACCOUNT_DETAILS_OUTLINE));
        return providersTab;
    }

    private static Window window(javafx.scene.Node node) {
        return node.getScene() == null ? null : node.getScene().getWindow();
    }

    /** The form of one provider. */
    static final class ProviderDialog {
        private ProviderDialog() {}

        static void show(Window owner, ProviderFormViewModel form) {
            TextField displayName = text("providerName", form.displayNameProperty());
            TextField slug = text("providerSlug", form.slugProperty());
            TextField issuer = text("providerIssuer", form.issuerProperty());
            issuer.setPromptText("https://accounts.google.com");
            TextField clientId = text("providerClientId", form.clientIdProperty());
            PasswordField secret = new PasswordField();
            secret.setId("providerClientSecret");
            secret.textProperty().bindBidirectional(form.clientSecretProperty());
            secret.setPromptText(form.hasStoredSecret() ? "stored; leave empty to keep it" : "");
            TextField scopes = text("providerScopes", form.scopesProperty());
            TextField domains = text("providerDomains", form.allowedDomainsProperty());
            domains.setPromptText("any; or example.com, example.org");
            CheckBox enabled = new CheckBox("Offer it on the sign-in screen");
            enabled.setId("providerEnabled");
            enabled.selectedProperty().bindBidirectional(form.enabledProperty());
            CheckBox trustMfa = new CheckBox("Trust the provider's second factor (amr) for administrators");
            trustMfa.setId("providerTrustMfa");
            trustMfa.setWrapText(true);
            trustMfa.selectedProperty().bindBidirectional(form.trustProviderMfaProperty());
            Label registrationWarning = Forms.sentence(form.registrationWarningProperty(), Styles.WARNING);
            registrationWarning.setId("providerRegistrationWarning");
            VBox content = new VBox(
                    10,
                    Forms.field("Name on the button", displayName, form.errorProperty("displayName")),
                    Forms.field("Id (in the redirect URI)", slug, form.errorProperty("slug")),
                    Forms.field("Issuer URL", issuer, form.errorProperty("issuer")),
                    Forms.field("Client id", clientId, form.errorProperty("clientId")),
                    Forms.field("Client secret", secret, form.errorProperty("clientSecret")),
                    Forms.field("Scopes", scopes, form.errorProperty("scopes")),
                    Forms.field("Allowed email domains", domains, form.errorProperty("allowedDomains")),
                    enabled,
                    trustMfa,
                    Forms.hint("Off: administrators signing in through this provider also pass Bulwark's second"
                            + " factor. On: an ID token whose amr shows a second factor is enough."),
                    registrationWarning,
                    Forms.problem(form.problemProperty()));
            content.setId("providerForm");
            Forms.focusWhenShown(
                    form.isNew() && form.displayNameProperty().get().isEmpty() ? displayName : clientId);
            Dialogs.form(
                    owner,
                    form.isNew() ? "Add sign-in provider" : "Edit sign-in provider",
                    form.isNew() ? "Add" : "Save",
                    "saveProvider",
                    content,
                    form.busyProperty(),
                    form.doneProperty(),
                    form::save);
        }

        private static TextField text(String id, javafx.beans.property.StringProperty value) {
            TextField field = new TextField();
            field.setId(id);
            field.textProperty().bindBidirectional(value);
            return field;
        }
    }
}
