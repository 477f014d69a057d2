package dev.bulwark.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code rate-limits.*} and {@code sign-in.*} settings. */
class BruteForceSettingsTest {
    @TempDir
    Path dir;

    @Test
    void defaults_followTheProduct() {
        ServerSettings s = ServerSettings.embedded(dir, Map.of());

        assertThat(s.rateLimits().signInPerIp()).isEqualTo(new ServerSettings.Rate(30, Duration.ofMinutes(1)));
        assertThat(s.rateLimits().signInPerAccount()).isEqualTo(new ServerSettings.Rate(20, Duration.ofMinutes(1)));
        assertThat(s.lockout())
                .isEqualTo(new ServerSettings.LockoutSettings(10, Duration.ofMinutes(1), Duration.ofMinutes(15), 100));
    }

    @Test
    void aRate_isRequestsPerDuration_fromTheEnvironment() {
        ServerSettings s = ServerSettings.embedded(
                dir, Map.of("BULWARK_RATE_LIMITS_API_PER_CALLER", "50 / 10s", "BULWARK_SIGN_IN_LOCKOUT_WAIT", "30s"));

        assertThat(s.rateLimits().apiPerCaller()).isEqualTo(new ServerSettings.Rate(50, Duration.ofSeconds(10)));
        assertThat(s.lockout().baseWait()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void rateLimits_fromTheSettingsFile() throws Exception {
        Path yaml = Files.writeString(
                dir.resolve("bulwark.yaml"), "rate-limits:\n  public-per-ip: 5/1h\nsign-in:\n  lockout-threshold: 5\n");

        ServerSettings s = ServerSettings.standalone(dir, Optional.of(yaml), Map.of(), Map.of(), true);

        assertThat(s.rateLimits().publicPerIp()).isEqualTo(new ServerSettings.Rate(5, Duration.ofHours(1)));
        assertThat(s.lockout().threshold()).isEqualTo(5);
    }

    @Test
    void aMalformedRate_namesTheKey() {
        assertThatThrownBy(() -> ServerSettings.embedded(dir, Map.of("BULWARK_RATE_LIMITS_SIGN_IN_PER_IP", "30")))
                .isInstanceOf(StartupException.class)
                .hasMessage("The setting rate-limits.sign-in-per-ip (BULWARK_RATE_LIMITS_SIGN_IN_PER_IP) must be a"
                        + " number of requests per duration such as 30/1m.");
    }

    @Test
    void aRateOfNothing_isRefused() {
        assertThatThrownBy(() -> ServerSettings.embedded(dir, Map.of("BULWARK_RATE_LIMITS_API_PER_IP", "0/1m")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("rate-limits.api-per-ip");
    }

    @Test
    void theBucketCleanUp_runsEveryTenMinutesByDefault_andAtMostEverySecond() {
        assertThat(ServerSettings.embedded(dir, Map.of()).rateLimits().cleanupInterval())
                .isEqualTo(Duration.ofMinutes(10));
        assertThat(ServerSettings.embedded(dir, Map.of("BULWARK_RATE_LIMITS_CLEANUP_INTERVAL", "1s"))
                        .rateLimits()
                        .cleanupInterval())
                .isEqualTo(Duration.ofSeconds(1));
        assertThatThrownBy(() -> ServerSettings.embedded(dir, Map.of("BULWARK_RATE_LIMITS_CLEANUP_INTERVAL", "500ms")))
                .isInstanceOf(StartupException.class)
                .hasMessageStartingWith(
                        "The setting rate-limits.cleanup-interval (BULWARK_RATE_LIMITS_CLEANUP_INTERVAL) must be between");
    }

    @Test
    void moreThanAHundredFailuresPerHour_isRefused() {
        assertThatThrownBy(() -> ServerSettings.embedded(dir, Map.of("BULWARK_SIGN_IN_MAX_FAILURES_PER_HOUR", "101")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("sign-in.max-failures-per-hour")
                .hasMessageContaining("ASVS 2.2.1");
    }

    @Test
    void aMaximumWaitShorterThanTheFirst_isRefused() {
        assertThatThrownBy(() -> ServerSettings.embedded(
                        dir, Map.of("BULWARK_SIGN_IN_LOCKOUT_WAIT", "10m", "BULWARK_SIGN_IN_LOCKOUT_MAX_WAIT", "5m")))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("sign-in.lockout-max-wait");
    }
}
