package dev.bulwark.desktop.shell;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.desktop.ui.MovableClock;
import dev.bulwark.desktop.ui.SameThreadRunner;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class IdleLockTest {
    private final SameThreadRunner runner = new SameThreadRunner();
    private final MovableClock clock = new MovableClock();
    private final AtomicInteger locks = new AtomicInteger();
    private final IdleLock lock = new IdleLock(runner, clock, IdleLock.IDLE_LIMIT, locks::incrementAndGet);

    @Test
    void theConsole_locksAfter15MinutesWithoutInput_once() {
        clock.advance(Duration.ofMinutes(15).minusSeconds(1));
        runner.tick();
        assertThat(locks).hasValue(0);

        clock.advance(Duration.ofSeconds(1));
        runner.tick();
        assertThat(locks).hasValue(1);
        assertThat(lock.locked()).isTrue();
        assertThat(runner.repeatingPeriods()).isEmpty();

        clock.advance(Duration.ofMinutes(30));
        lock.check();
        assertThat(locks).hasValue(1);
    }

    @Test
    void input_startsTheIdleTimeAgain() {
        clock.advance(Duration.ofMinutes(14));
        lock.activity();
        clock.advance(Duration.ofMinutes(14));
        runner.tick();
        assertThat(locks).hasValue(0);

        clock.advance(Duration.ofMinutes(1));
        runner.tick();
        assertThat(locks).hasValue(1);
    }

    @Test
    void closing_stopsTheCheck() {
        assertThat(runner.repeatingPeriods()).containsExactly(IdleLock.CHECK);

        lock.close();

        assertThat(runner.repeatingPeriods()).isEmpty();
    }
}
