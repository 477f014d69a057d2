package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.server.http.Cidr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServerSettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaults_matchTheProductsNumbers() {
        ServerSettings s = ServerSettings.embedded(dir, Map.of());

        assertThat(s.passwords().hashIterations()).isEqualTo(600_000);
        assertThat(s.sessions().accessTokenTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.sessions().idleTimeout()).isEqualTo(Duration.ofMinutes(30));
        assertThat(s.sessions().absoluteTimeout()).isEqualTo(Duration.ofHours(12));
        assertThat(s.setupCodeTtl()).isEqualTo(Duration.ofHours(1));
        assertThat(s.http().maxPayloadBytes()).isEqualTo(1024 * 1024);
        assertThat(s.audit().checkpointInterval()).isEqualTo(1_000);
        assertThat(s.audit().checkpointPeriod()).isEqualTo(Duration.ofMinutes(10));
    }

    @Test
    void auditCheckpointIntervalOfZero_namesTheKey() {
        assertThatThrownBy(() -> ServerSettings.embedded(dir, Map.of("BULWARK_AUDIT_CHECKPOINT_INTERVAL", "0")))
                .isInstanceOf(StartupException.class)
                .hasMessage(
                        "The setting audit.checkpoint-interval (BULWARK_AUDIT_CHECKPOINT_INTERVAL) must be between 1"
                                + " and 1000000.");
    }

    @Test
    void browserSignInLifetimes_defaultToFiveMinutesAndSixtySeconds_andAreBounded() {
        ServerSettings s = ServerSettings.embedded(dir, Map.of());
        assertThat(s.oidc().pendingTtl()).isEqualTo(Duration.ofMinutes(5));
        assertThat(s.oidc().codeTtl()).isEqualTo(Duration.ofSeconds(60));

        assertThatThrownBy(() -> ServerSettings.embedded(dir, Map.of("BULWARK_OIDC_CODE_TTL", "1h")))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith("The setting oidc.code-ttl (BULWARK_OIDC_CODE_TTL) must be between");
    }

    @Test
    void publicUrl_isOptionalAndEndsAtTheHost() {
        assertThat(ServerSettings.embedded(dir, Map.of()).http().publicUrl()).isEmpty();
        assertThat(ServerSettings.embedded(dir, Map.of("BULWARK_SERVER_PUBLIC_URL", "https://bulwark.example.com"))
                        .http()
                        .publicUrl())
                .contains(java.net.URI.create("https://bulwark.example.com/"));
    }

    @Test
    void publicUrl_withAPathOrAnotherScheme_namesTheKey() {
        for (String bad : List.of(
                "https://bulwark.example.com/console", "ftp://bulwark.example.com", "bulwark", "https://x/?a=1")) {
            assertThatThrownBy(() -> ServerSettings.embedded(dir, Map.of("BULWARK_SERVER_PUBLIC_URL", bad)))
                    .as(bad)
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("The setting server.public-url (BULWARK_SERVER_PUBLIC_URL) must be an"
                            + " http(s) address");
        }
    }

    @Test
    void trustedProxies_defaultToNoOne_andReadIpv4AndIpv6Blocks() {
        assertThat(ServerSettings.embedded(dir, Map.of()).http().trustedProxies())
                .isEmpty();

        ServerSettings s = ServerSettings.embedded(
                dir, Map.of("BULWARK_SERVER_TRUSTED_PROXIES", " 127.0.0.1/32, 10.0.0.0/8,fd00::/8 , ::1"));

        assertThat(s.http().trustedProxies())
                .containsExactly(
                        Cidr.parse("127.0.0.1/32"),
                        Cidr.parse("10.0.0.0/8"),
                        Cidr.parse("fd00::/8"),
                        Cidr.parse("::1/128"));
    }

    @Test
    void trustedProxies_withABadBlock_namesTheKeyAndTheBlock() {
        assertThatThrownBy(() -> ServerSettings.embedded(
                        dir, Map.of("BULWARK_SERVER_TRUSTED_PROXIES", "127.0.0.1/32, 10.0.0.300/8")))
                .isInstanceOf(StartupException.class)
                .hasMessage("The setting server.trusted-proxies (BULWARK_SERVER_TRUSTED_PROXIES) must list address"
                        + " blocks such as 127.0.0.1/32, 10.0.0.0/8, fd00::/8, but \"10.0.0.300/8\" is not an IP"
                        + " address or block.");
        for (String bad : List.of("10.0.0.0/33", "10.1.0.0/8", "proxy.example.com", "127.0.0.1/32,,10.0.0.0/8")) {
            assertThatThrownBy(() -> ServerSettings.embedded(dir, Map.of("BULWARK_SERVER_TRUSTED_PROXIES", bad)))
                    .as(bad)
                    .isInstanceOf(StartupException.class)
                    .hasMessageStartingWith("The setting server.trusted-proxies (BULWARK_SERVER_TRUSTED_PROXIES) ");
        }
    }

    @Test
    void trustedProxies_thatTrustEveryAddress_areRefused() {
        for (String everyone : List.of("0.0.0.0/0", "::/0", "10.0.0.0/8, 0.0.0.0/0")) {
            assertThatThrownBy(() -> ServerSettings.embedded(dir, Map.of("BULWARK_SERVER_TRUSTED_PROXIES", everyone)))
                    .as(everyone)
                    .isInstanceOf(StartupException.class)
                    .hasMessageContaining("server.trusted-proxies")
                    .hasMessageContaining("trusts every address");
        }
    }

    @Test
    void embedded_alwaysListensOnLoopbackWithAnEphemeralPort() {
        ServerSettings s =
                ServerSettings.embedded(dir, Map.of("BULWARK_SERVER_HOST", "0.0.0.0", "BULWARK_SERVER_PORT", "80"));

        assertThat(s.http().host()).isEqualTo("127.0.0.1");
        assertThat(s.http().port()).isZero();
        assertThat(s.http().loopback()).isTrue();
    }

    @Test
    void environment_overridesTheFile() throws Exception {
        Path yaml = Files.writeString(dir.resolve("bulwark.yaml"), """
                password:
                  hash-iterations: 700000
                session:
                  access-token-ttl: 5m
                """);

        ServerSettings s = ServerSettings.standalone(
                dir, Optional.of(yaml), Map.of("BULWARK_PASSWORD_HASH_ITERATIONS", "800000"), Map.of(), true);

        assertThat(s.passwords().hashIterations()).isEqualTo(800_000);
        assertThat(s.sessions().accessTokenTtl()).isEqualTo(Duration.ofMinutes(5));
    }

    @Test
    void badNumber_namesTheKeyAndItsVariable() {
        assertThatThrownBy(() -> ServerSettings.embedded(dir, Map.of("BULWARK_PASSWORD_HASH_ITERATIONS", "lots")))
                .isInstanceOf(StartupException.class)
                .hasMessage("The setting password.hash-iterations (BULWARK_PASSWORD_HASH_ITERATIONS) must be a whole"
                        + " number.");
    }

    @Test
    void tooFewIterations_isRefused() {
        assertThatThrownBy(() -> ServerSettings.embedded(dir, Map.of("BULWARK_PASSWORD_HASH_ITERATIONS", "10")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("password.hash-iterations")
                .hasMessageContaining("between 1000");
    }

    @Test
    void unknownSettingInFile_isRefusedWithItsName() throws Exception {
        Path yaml = Files.writeString(dir.resolve("bulwark.yaml"), "pasword:\n  hash-iterations: 5\n");

        assertThatThrownBy(() -> ServerSettings.standalone(dir, Optional.of(yaml), Map.of(), Map.of(), true))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("unknown settings: pasword.hash-iterations");
    }

    @Test
    void durations_acceptShortAndIsoForms() {
        ServerSettings s = ServerSettings.embedded(
                dir, Map.of("BULWARK_SESSION_IDLE_TIMEOUT", "PT45M", "BULWARK_SETUP_CODE_TTL", "90s"));

        assertThat(s.sessions().idleTimeout()).isEqualTo(Duration.ofMinutes(45));
        assertThat(s.setupCodeTtl()).isEqualTo(Duration.ofSeconds(90));
    }

    @Test
    void masterKeyAndDatabasePassword_neverShowInToString() {
        ServerSettings s = ServerSettings.embedded(
                dir,
                Map.of(
                        "BULWARK_MASTER_KEY", "c2VjcmV0LW1hc3Rlci1rZXktdmFsdWUtMzItYnl0ZXM=",
                        "BULWARK_DATABASE_PASSWORD", "database-password-value"));

        assertThat(s.toString())
                .doesNotContain("c2VjcmV0LW1hc3Rlci1rZXktdmFsdWUtMzItYnl0ZXM=")
                .doesNotContain("database-password-value");
    }

    @Test
    void databasePasswordFile_givesThePasswordOfItsFirstLine_andIsNeverShown() throws Exception {
        Path file = Files.writeString(dir.resolve("db-password"), "from-a-file-value\n");

        ServerSettings s = ServerSettings.embedded(dir, Map.of("BULWARK_DATABASE_PASSWORD_FILE", file.toString()));

        assertThat(s.database().password().reveal()).isEqualTo("from-a-file-value");
        assertThat(s.toString()).doesNotContain("from-a-file-value");
    }

    @Test
    void databasePasswordFile_andPasswordTogether_orAMissingFile_areRefusedWithTheKey() throws Exception {
        Path file = Files.writeString(dir.resolve("db-password"), "from-a-file-value\n");

        assertThatThrownBy(() -> ServerSettings.embedded(
                        dir,
                        Map.of(
                                "BULWARK_DATABASE_PASSWORD_FILE",
                                file.toString(),
                                "BULWARK_DATABASE_PASSWORD",
                                "another-value")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("database.password-file")
                .hasMessageContaining("keep the password in one place")
                .hasMessageNotContaining("another-value")
                .hasMessageNotContaining("from-a-file-value");
        assertThatThrownBy(() -> ServerSettings.embedded(
                        dir,
                        Map.of(
                                "BULWARK_DATABASE_PASSWORD_FILE",
                                dir.resolve("missing").toString())))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("database.password-file")
                .hasMessageContaining("cannot be read");
    }

    @Test
    void vaultDefaults_keepTenVersionsAndThirtyDaysOfTrash_andBadValuesNameTheirKey() {
        ServerSettings.VaultSettings vault =
                ServerSettings.embedded(dir, Map.of()).vault();
        assertThat(vault.versionsKept()).isEqualTo(10);
        assertThat(vault.trashRetention()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(vault.revealReasonRequired()).isFalse();
        assertThat(ServerSettings.embedded(dir, Map.of("BULWARK_VAULT_REVEAL_REASON_REQUIRED", "true"))
                        .vault()
                        .revealReasonRequired())
                .isTrue();
        assertThatThrownBy(() -> ServerSettings.embedded(dir, Map.of("BULWARK_VAULT_REVEAL_REASON_REQUIRED", "maybe")))
                .hasMessageContaining("vault.reveal-reason-required");
        assertThatThrownBy(() -> ServerSettings.embedded(dir, Map.of("BULWARK_VAULT_VERSIONS_KEPT", "0")))
                .hasMessageContaining("vault.versions-kept");
    }
}
