package dev.bulwark.desktop.settings;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.forward.ForwardDestination;
import dev.bulwark.model.forward.ForwardKind;
import dev.bulwark.model.forward.ForwardStatus;
import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** How the Forwarding tab words a destination's state, delivery and lag. */
class ForwardingViewModelTest {
    private static final Instant AT = Instant.parse("2026-12-07T01:00:00Z");

    private static ForwardDestination destination(boolean enabled, ForwardStatus status) {
        return new ForwardDestination(
                UUID.randomUUID(),
                "SIEM",
                ForwardKind.WEBHOOK,
                "https://siem.example.com/bulwark",
                false,
                null,
                true,
                enabled,
                AT,
                AT,
                status);
    }

    private static ForwardStatus status(long delivered, long head, long lagSeconds, int failures, String error) {
        return new ForwardStatus(delivered, head, head - delivered, lagSeconds, AT, AT, failures, error, AT);
    }

    @Test
    void aDestinationWithEverything_isUpToDateAndDelivering() {
        ForwardDestination d = destination(true, status(12_345, 12_345, 0, 0, null));

        assertThat(ForwardingViewModel.lag(d)).isEqualTo("up to date");
        assertThat(ForwardingViewModel.delivered(d)).isEqualTo("record 12,345");
        assertThat(ForwardingViewModel.state(d)).isEqualTo("Delivering");
    }

    @Test
    void aDestinationBehind_saysByHowManyRecordsAndHowLong_andFailingWhileAttemptsFail() {
        ForwardDestination d = destination(true, status(100, 1_600, 754, 3, "The webhook at siem answered 500."));

        assertThat(ForwardingViewModel.lag(d)).isEqualTo("1,500 records, 12 min");
        assertThat(ForwardingViewModel.state(d)).isEqualTo("Failing");
        assertThat(ForwardingViewModel.state(destination(true, status(100, 101, 5, 0, null))))
                .isEqualTo("Catching up");
        assertThat(ForwardingViewModel.lag(destination(true, status(100, 101, 5, 0, null))))
                .isEqualTo("1 record, 5 s");
    }

    @Test
    void aPausedDestination_readsPaused_andOneThatGotNothing_saysSo() {
        ForwardDestination d = destination(false, status(0, 40, 90_000, 0, null));

        assertThat(ForwardingViewModel.state(d)).isEqualTo("Paused");
        assertThat(ForwardingViewModel.delivered(d)).isEqualTo("nothing yet");
        assertThat(ForwardingViewModel.lag(d)).isEqualTo("40 records, 25 h");
    }
}
