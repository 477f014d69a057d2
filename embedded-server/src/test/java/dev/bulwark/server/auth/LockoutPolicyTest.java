package dev.bulwark.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.server.ServerSettings.LockoutSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final LockoutPolicy defaults =
            new LockoutPolicy(new LockoutSettings(10, Duration.ofMinutes(1), Duration.ofMinutes(15), 100));

    @Test
    void belowTheThreshold_thereIsNoWait() {
        assertThat(IntStream.rangeClosed(0, 9).mapToObj(defaults::waitAfter)).containsOnly(Duration.ZERO);
    }

    @Test
    void fromTheTenthFailure_theWaitDoubles_upToFifteenMinutes_andStaysThere() {
        assertThat(IntStream.rangeClosed(10, 16)
                        .mapToObj(n -> defaults.waitAfter(n).toMinutes()))
                .containsExactly(1L, 2L, 4L, 8L, 15L, 15L, 15L);
    }

    @Test
    void aHugeFailureCount_neverOverflowsTheWait() {
        assertThat(defaults.waitAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theScheduleFollowsItsSettings() {
        LockoutPolicy custom =
                new LockoutPolicy(new LockoutSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(30), 50));

        assertThat(IntStream.rangeClosed(2, 6).mapToObj(n -> custom.waitAfter(n).toSeconds()))
                .containsExactly(0L, 10L, 20L, 30L, 30L);
    }

    @Test
    void aLockInThePast_locksNothing() {
        LockoutState state = new LockoutState(10, NOW.minusSeconds(1), 10, NOW.minusSeconds(90));

        assertThat(defaults.lockedUntil(state, NOW)).isEmpty();
    }

    @Test
    void aCurrentLock_lastsUntilItsEnd() {
        LockoutState state = new LockoutState(10, NOW.plusSeconds(30), 10, NOW.minusSeconds(30));

        assertThat(defaults.lockedUntil(state, NOW)).contains(NOW.plusSeconds(30));
    }

    @Test
    void theHourlyCap_locksUntilTheOldestFailureLeavesTheHour_evenWithoutConsecutiveFailures() {
        LockoutState state = new LockoutState(0, null, 100, NOW.minus(Duration.ofMinutes(20)));

        assertThat(defaults.lockedUntil(state, NOW)).contains(NOW.plus(Duration.ofMinutes(40)));
    }

    @Test
    void justBelowTheHourlyCap_nothingIsLocked() {
        LockoutState state = new LockoutState(0, null, 99, NOW.minus(Duration.ofMinutes(20)));

        assertThat(defaults.lockedUntil(state, NOW)).isEmpty();
    }

    @Test
    void ofTwoLocks_theLaterEndWins() {
        LockoutState state = new LockoutState(14, NOW.plus(Duration.ofMinutes(15)), 100, NOW.minusSeconds(3590));

        assertThat(defaults.lockedUntil(state, NOW)).contains(NOW.plus(Duration.ofMinutes(15)));
    }
}
