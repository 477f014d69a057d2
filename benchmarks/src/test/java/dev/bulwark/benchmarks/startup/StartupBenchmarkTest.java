package dev.bulwark.benchmarks.startup;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class StartupBenchmarkTest {

    @Test
    void percentile_isTheNearestRank() {
        double[] sorted = {10, 20, 30, 40, 50, 60, 70, 80, 90, 100};

        assertThat(StartupBenchmark.percentile(sorted, 50)).isEqualTo(50);
        assertThat(StartupBenchmark.percentile(sorted, 90)).isEqualTo(90);
        assertThat(StartupBenchmark.percentile(sorted, 100)).isEqualTo(100);
        assertThat(StartupBenchmark.percentile(sorted, 1)).isEqualTo(10);
    }

    @Test
    void percentile_ofOneSample_isThatSample() {
        assertThat(StartupBenchmark.percentile(new double[] {1234}, 90)).isEqualTo(1234);
    }
}
