package dev.bulwark.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.RunningConsole;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.model.oidc.OidcProvider;
import java.nio.file.Path;
import java.util.List;
import javafx.scene.control.TableView;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;

/** Settings → Sign-in providers, driven as an administrator would. */
class SignInProvidersUiTest {
    private static MockOAuth2Server provider;

    @TempDir
    Path dataDirectory;

    private final FxRobot robot = new FxRobot();
    private RunningConsole console;

    @BeforeAll
    static void startProvider() {
        provider = new MockOAuth2Server();
        provider.start(java.net.InetAddress.getLoopbackAddress(), 0);
    }

    @AfterAll
    static void stopProvider() {
        provider.shutdown();
    }

    @BeforeEach
    void open() throws Exception {
        TestServer.withAdmin(dataDirectory);
        console = RunningConsole.start(robot, dataDirectory);
        console.openThisComputer();
        console.signIn(TestServer.ADMIN_PASSWORD);
        console.waitFor("#shell");
        console.click("#navSettings");
        console.waitFor("#settingsTabs");
        robot.interact(() -> {
            javafx.scene.control.TabPane tabs =
                    robot.lookup("#settingsTabs").queryAs(javafx.scene.control.TabPane.class);
            tabs.getSelectionModel()
                    .select(tabs.getTabs().stream()
                            .filter(t -> "signInProvidersTab".equals(t.getId()))
                            .findFirst()
                            .orElseThrow());
        });
        console.waitFor("#signInProviders");
    }

    @AfterEach
    void close() throws Exception {
        console.close();
    }

    @SuppressWarnings("unchecked")
    private List<OidcProvider> rows() {
        return List.copyOf(
                ((TableView<OidcProvider>) robot.lookup("#providersTable").query()).getItems());
    }

    @Test
    void addingGoogle_needsOnlyTheClientIdAndSecret_andTheSecretStaysOnTheServer() throws Exception {
        console.click("#addGoogleProvider");
        console.type("#providerClientId", "1234.apps.googleusercontent.com");
        console.type("#providerClientSecret", "typed-google-secret");
        console.click("#saveProvider");

        console.waitUntil("the Google row appears", () -> rows().size() == 1);
        OidcProvider google = rows().getFirst();
        assertThat(google.slug()).isEqualTo("google");
        assertThat(google.issuer()).isEqualTo(OidcProvider.GOOGLE_ISSUER);
        assertThat(google.clientSecretSet()).isTrue();
        assertThat(google.scopes()).containsExactly("openid", "email", "profile");
    }

    @Test
    void aGenericProvider_canBeTestedAndRemoved() {
        console.click("#addProvider");
        console.type("#providerName", "Mock ID");
        console.type("#providerSlug", "mock");
        console.type(
                "#providerIssuer",
                provider.issuerUrl("default")
                        .newBuilder()
                        .host("127.0.0.1")
                        .build()
                        .toString());
        console.type("#providerClientId", "bulwark");
        console.type("#providerClientSecret", "typed-mock-secret");
        console.click("#saveProvider");
        console.waitUntil("the row appears", () -> rows().size() == 1);

        console.waitUntil("the row is drawn", () -> robot.lookup(".table-row-cell .text")
                .match(n -> n instanceof javafx.scene.text.Text t && "Mock ID".equals(t.getText()))
                .tryQuery()
                .isPresent());
        robot.clickOn(robot.lookup(".table-row-cell .text")
                .match(n -> n instanceof javafx.scene.text.Text t && "Mock ID".equals(t.getText()))
                .<javafx.scene.Node>query());
        console.waitUntil("the redirect URI to register is shown", () -> console.text("#providerRedirectUri")
                .matches("http://127\\.0\\.0\\.1:\\d+/api/v1/auth/oidc/mock/callback"));
        console.click("#testProvider");
        console.waitUntil("the test reports success", () -> console.text("#providerTestResult")
                .startsWith("Works: issuer "
                        + provider.issuerUrl("default")
                                .newBuilder()
                                .host("127.0.0.1")
                                .build()));

        console.click("#removeProvider");
        console.click("#confirmYes");
        console.waitUntil("the row is gone", () -> rows().isEmpty());
    }

    @Test
    void aBadIssuer_isShownAtItsField() {
        console.click("#addProvider");
        console.type("#providerName", "Plain");
        console.type("#providerSlug", "plain");
        console.type("#providerIssuer", "http://idp.example.com");
        console.type("#providerClientId", "bulwark");
        console.click("#saveProvider");

        console.waitUntil("the issuer field explains", () -> console.text("#providerIssuerError")
                .contains("https issuer URL"));
        assertThat(rows()).isEmpty();
    }
}
