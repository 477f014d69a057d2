package dev.bulwark.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.Secret;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.setup.SetupRequest;
import dev.bulwark.server.ServerProcess;
import dev.bulwark.server.TestServers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server's command line, run as a real process. */
class ServerCliIT {
    private static final Pattern CODE = Pattern.compile("setup code: ([A-Z0-9]{4}(-[A-Z0-9]{4}){3})");

    @TempDir
    Path dir;

    @Test
    void init_printsASetupCodeThatAFirstDesktopCanUse() throws Exception {
        Path data = dir.resolve("data");
        ServerProcess.Result init = ServerProcess.run("init", "--data-dir", data.toString());
        assertThat(init.exitCode()).isZero();
        Matcher m = CODE.matcher(init.output());
        assertThat(m.find()).as(init.output()).isTrue();

        try (ServerProcess serve =
                ServerProcess.start("serve", "--data-dir", data.toString(), "--port", "0", "--plain-http")) {
            URI base = serve.awaitListening(Duration.ofSeconds(30));
            BulwarkClient client = new BulwarkClient(base);
            assertThat(client.server().info().setupRequired()).isTrue();

            client.setup()
                    .createFirstAdmin(new SetupRequest(
                            Secret.of(m.group(1)), "root@example.com", "Root", Secret.of(TestServers.ADMIN_PASSWORD)));
            client.auth().login(new LoginRequest("root@example.com", Secret.of(TestServers.ADMIN_PASSWORD)));
            assertThat(client.server().status().mode().name()).isEqualTo("STANDALONE");
            assertThat(serve.stop()).isIn(0, 143);
        }
    }

    @Test
    void initWithAdminOptions_createsTheAdminAndASecondInitSaysSo() throws Exception {
        Path data = dir.resolve("data");
        Path password = Files.writeString(dir.resolve("pw"), TestServers.ADMIN_PASSWORD + "\n");

        ServerProcess.Result first = ServerProcess.run(
                "init",
                "--data-dir",
                data.toString(),
                "--admin-email",
                "ops@example.com",
                "--admin-password-file",
                password.toString());
        ServerProcess.Result second = ServerProcess.run("init", "--data-dir", data.toString());

        assertThat(first.exitCode()).isZero();
        assertThat(first.output())
                .contains("First administrator ops@example.com created.")
                .doesNotContain(TestServers.ADMIN_PASSWORD);
        assertThat(second.exitCode()).isZero();
        assertThat(second.output()).contains("The first administrator already exists");
    }

    @Test
    void initWithAWeakPassword_failsWithTheReasonAndCreatesNoAdmin() throws Exception {
        Path data = dir.resolve("data");
        Path password = Files.writeString(dir.resolve("pw"), "password1234\n");

        ServerProcess.Result r = ServerProcess.run(
                "init",
                "--data-dir",
                data.toString(),
                "--admin-email",
                "ops@example.com",
                "--admin-password-file",
                password.toString());

        assertThat(r.exitCode()).isEqualTo(1);
        assertThat(r.output())
                .contains("password: This password is one of the most common passwords")
                .doesNotContain("password1234");
        assertThat(ServerProcess.run("init", "--data-dir", data.toString()).output())
                .contains("setup code");
    }

    @Test
    void serveOnAPortInUse_exitsWithOneLine() throws Exception {
        try (var taken = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            ServerProcess.Result r = ServerProcess.run(
                    "serve",
                    "--data-dir",
                    dir.toString(),
                    "--port",
                    Integer.toString(taken.getLocalPort()),
                    "--plain-http");

            assertThat(r.exitCode()).isEqualTo(1);
            assertThat(r.output())
                    .contains("bulwark-server: Port " + taken.getLocalPort() + " on 127.0.0.1 is already in use.");
        }
    }

    @Test
    void unknownCommand_printsUsageAndFails() throws Exception {
        ServerProcess.Result r = ServerProcess.run("explode");

        assertThat(r.exitCode()).isEqualTo(2);
        assertThat(r.output()).contains("Unmatched argument");
    }
}
