package dev.bulwark.server.auth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.server.ServerSettings.LockoutSettings;
import dev.bulwark.server.auth.LockoutState.LockCounter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

class LockoutPolicyTest {
    private static final Instant NOW = Instant.parse("2026-11-22T12:00:00Z");
    private final LockoutPolicy defaults =
            new LockoutPolicy(new LockoutSettings(10, Duration.ofMinutes(1), Duration.ofMinutes(15), 100));

    private static LockoutState account(LockCounter lock, int inWindow, Instant oldest) {
        return new LockoutState(lock.failuresTowardLock(), lock, inWindow, oldest);
    }

    @Test
    void nineFailures_lockNothing_andTheTenthLocksForOneMinute() {
        LockCounter counter = LockCounter.NONE;
        for (int i = 0; i < 9; i++) {
            counter = defaults.afterFailure(counter, NOW);
            assertThat(counter.lockedAt(NOW)).isFalse();
        }

        LockCounter tenth = defaults.afterFailure(counter, NOW);

        assertThat(tenth).isEqualTo(new LockCounter(0, 1, NOW.plus(Duration.ofMinutes(1))));
    }

    @Test
    void afterALockEnds_theCountStartsAfresh_andEachLockDoublesUpToFifteenMinutes() {
        Instant now = NOW;
        LockCounter counter = LockCounter.NONE;
        List<Long> waits = new ArrayList<>();
        for (int lock = 0; lock < 6; lock++) {
            for (int i = 0; i < 9; i++) {
                counter = defaults.afterFailure(counter, now);
                assertThat(counter.lockedAt(now))
                        .as("nine failures after a lock ended")
                        .isFalse();
            }
            counter = defaults.afterFailure(counter, now);
            waits.add(Duration.between(now, counter.lockedUntil()).toMinutes());
            now = counter.lockedUntil();
        }

        assertThat(waits).containsExactly(1L, 2L, 4L, 8L, 15L, 15L);
    }

    @Test
    void aFailureDuringALock_isNotCounted() {
        LockCounter locked = new LockCounter(0, 1, NOW.plusSeconds(30));

        assertThat(defaults.afterFailure(locked, NOW)).isEqualTo(locked);
    }

    @Test
    void aHugeLockNumber_neverOverflowsTheWait() {
        assertThat(defaults.waitFor(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
    }

    @Test
    void theScheduleFollowsItsSettings() {
        LockoutPolicy custom =
                new LockoutPolicy(new LockoutSettings(3, Duration.ofSeconds(10), Duration.ofSeconds(30), 50));

        assertThat(IntStream.rangeClosed(1, 4).mapToObj(n -> custom.waitFor(n).toSeconds()))
                .containsExactly(10L, 20L, 30L, 30L);
    }

    @Test
    void aLockInThePast_locksNothing() {
        LockoutState state = account(new LockCounter(0, 1, NOW.minusSeconds(1)), 10, NOW.minusSeconds(90));

        assertThat(defaults.lockedUntil(state, LockCounter.NONE, false, NOW)).isEmpty();
    }

    @Test
    void theAccountsLock_holdsForStrangers_butNotAtAnAddressTheAccountSignedInFrom() {
        LockoutState state = account(new LockCounter(0, 1, NOW.plusSeconds(30)), 10, NOW.minusSeconds(30));

        assertThat(defaults.lockedUntil(state, LockCounter.NONE, false, NOW)).contains(NOW.plusSeconds(30));
        assertThat(defaults.lockedUntil(state, LockCounter.NONE, true, NOW)).isEmpty();
    }

    @Test
    void anAddressesOwnLock_holdsEvenWhereTheAccountSignedInBefore() {
        LockCounter address = new LockCounter(0, 1, NOW.plusSeconds(30));

        assertThat(defaults.lockedUntil(LockoutState.NONE, address, true, NOW)).contains(NOW.plusSeconds(30));
    }

    @Test
    void theHourlyCap_locksUntilTheOldestFailureLeavesTheHour_evenWithoutConsecutiveFailures() {
        LockoutState state = account(LockCounter.NONE, 100, NOW.minus(Duration.ofMinutes(20)));

        assertThat(defaults.lockedUntil(state, LockCounter.NONE, true, NOW)).contains(NOW.plus(Duration.ofMinutes(40)));
    }

    @Test
    void strangersShareNinetyOfTheHundred_andTheLastTenAreKeptForTrustedAddresses() {
        LockoutState ninety = account(LockCounter.NONE, 90, NOW.minus(Duration.ofMinutes(20)));
        LockoutState ninetyNine = account(LockCounter.NONE, 99, NOW.minus(Duration.ofMinutes(20)));

        assertThat(defaults.strangersCap()).isEqualTo(90);
        assertThat(defaults.lockedUntil(ninety, LockCounter.NONE, false, NOW)).isPresent();
        assertThat(defaults.lockedUntil(ninety, LockCounter.NONE, true, NOW)).isEmpty();
        assertThat(defaults.lockedUntil(ninetyNine, LockCounter.NONE, true, NOW))
                .isEmpty();
    }

    @Test
    void ofTwoLocks_theLaterEndWins() {
        LockoutState state =
                account(new LockCounter(0, 5, NOW.plus(Duration.ofMinutes(15))), 100, NOW.minusSeconds(3590));

        assertThat(defaults.lockedUntil(state, LockCounter.NONE, false, NOW))
                .contains(NOW.plus(Duration.ofMinutes(15)));
    }
}
