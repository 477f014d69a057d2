package dev.bulwark.server.setup;

import static dev.bulwark.server.TestServers.ADMIN_EMAIL;
import static dev.bulwark.server.TestServers.ADMIN_PASSWORD;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.model.Secret;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.FieldError;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.server.ServerMode;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.TestServers;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SetupIT {
    @TempDir
    Path dir;

    private BulwarkServer server;
    private BulwarkClient client;

    @BeforeEach
    void start() {
        server = TestServers.embedded(dir);
        client = new BulwarkClient(server.baseUri());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void freshServer_saysSetupIsRequired() {
        var info = client.server().info();

        assertThat(info.setupRequired()).isTrue();
        assertThat(info.mode()).isEqualTo(ServerMode.EMBEDDED);
        assertThat(info.name()).isEqualTo("Bulwark");
    }

    @Test
    void validSetup_createsAnEnabledAdminWhoCanSignIn() {
        Secret code = server.newSetupCode().orElseThrow();

        User admin = client.setup()
                .createFirstAdmin(new SetupRequest(code, "Admin@Example.com", "Ada Admin", Secret.of(ADMIN_PASSWORD)));

        assertThat(admin.role()).isEqualTo(Role.ADMIN);
        assertThat(admin.enabled()).isTrue();
        assertThat(admin.email()).isEqualTo("Admin@Example.com");
        assertThat(client.server().info().setupRequired()).isFalse();
        assertThat(server.newSetupCode()).isEmpty();
        client.auth().login(new dev.bulwark.model.auth.LoginRequest("admin@example.COM", Secret.of(ADMIN_PASSWORD)));
        assertThat(client.me().get().id()).isEqualTo(admin.id());
    }

    @Test
    void secondSetup_isRefusedAsCompleted() {
        TestServers.createAdmin(server);

        ApiException e = catchThrowableOfType(ApiException.class, () -> client.setup()
                .createFirstAdmin(new SetupRequest(
                        Secret.of("AAAA-BBBB-CCCC-DDDD"), "other@example.com", "Other", Secret.of(ADMIN_PASSWORD))));

        assertThat(e.type()).isEqualTo(ProblemType.SETUP_COMPLETED);
        assertThat(e.detail()).isEqualTo("The first administrator already exists. Sign in instead.");
    }

    @Test
    void wrongSetupCode_isRefusedAndCreatesNothing() {
        server.newSetupCode();

        ApiException e = catchThrowableOfType(ApiException.class, () -> client.setup()
                .createFirstAdmin(new SetupRequest(
                        Secret.of("AAAA-BBBB-CCCC-DDDD"), ADMIN_EMAIL, "Ada", Secret.of(ADMIN_PASSWORD))));

        assertThat(e.type()).isEqualTo(ProblemType.SETUP_CODE_INVALID);
        assertThat(client.server().info().setupRequired()).isTrue();
    }

    @Test
    void usedSetupCode_cannotBeUsedTwice() {
        Secret code = server.newSetupCode().orElseThrow();
        var request = new SetupRequest(code, ADMIN_EMAIL, "Ada", Secret.of("short"));
        catchThrowableOfType(ApiException.class, () -> client.setup().createFirstAdmin(request));

        // a refused request does not consume the code
        User admin =
                client.setup().createFirstAdmin(new SetupRequest(code, ADMIN_EMAIL, "Ada", Secret.of(ADMIN_PASSWORD)));

        assertThat(admin.email()).isEqualTo(ADMIN_EMAIL);
    }

    @Test
    void setupCode_isAcceptedInLowerCaseWithoutDashes() {
        Secret code = server.newSetupCode().orElseThrow();
        Secret typed = Secret.of(code.reveal().replace("-", " ").toLowerCase(java.util.Locale.ROOT));

        User admin =
                client.setup().createFirstAdmin(new SetupRequest(typed, ADMIN_EMAIL, "Ada", Secret.of(ADMIN_PASSWORD)));

        assertThat(admin.role()).isEqualTo(Role.ADMIN);
    }

    @Test
    void invalidFields_areAllListedAndNothingIsCreated() {
        Secret code = server.newSetupCode().orElseThrow();

        ApiException e = catchThrowableOfType(ApiException.class, () -> client.setup()
                .createFirstAdmin(new SetupRequest(code, "not-an-email", " ", Secret.of("password"))));

        assertThat(e.type()).isEqualTo(ProblemType.VALIDATION_FAILED);
        assertThat(e.fieldErrors())
                .extracting(FieldError::field)
                .containsExactlyInAnyOrder("email", "displayName", "password");
        assertThat(client.server().info().setupRequired()).isTrue();
    }

    @Test
    void commonPassword_isRefusedWithTheReason() {
        Secret code = server.newSetupCode().orElseThrow();

        ApiException e = catchThrowableOfType(ApiException.class, () -> client.setup()
                .createFirstAdmin(new SetupRequest(code, ADMIN_EMAIL, "Ada", Secret.of("password1234"))));

        assertThat(e.fieldError("password"))
                .hasValueSatisfying(m -> assertThat(m).contains("common"));
    }
}
