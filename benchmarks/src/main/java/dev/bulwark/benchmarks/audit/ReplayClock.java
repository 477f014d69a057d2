package dev.bulwark.benchmarks.audit;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server's clock while a benchmark seeds history: every reading while replaying is one step later than the
 * one before, so records appended through the real write path spread evenly over a past period; afterwards it is
 * the system clock.
 */
final class ReplayClock extends Clock {
    private final AtomicLong readings = new AtomicLong();
    private volatile boolean replaying;
    private volatile long startMicros;
    private volatile long stepMicros;

    /** Replays from {@code start}, {@code stepMicros} per reading, until {@link #stopReplay()}. */
    void replay(Instant start, long stepMicros) {
        this.startMicros = start.getEpochSecond() * 1_000_000 + start.getNano() / 1_000;
        this.stepMicros = stepMicros;
        readings.set(0);
        replaying = true;
    }

    void stopReplay() {
        replaying = false;
    }

    @Override
    public Instant instant() {
        if (!replaying) {
            return Instant.now();
        }
        long micros = startMicros + readings.getAndIncrement() * stepMicros;
        return Instant.ofEpochSecond(Math.floorDiv(micros, 1_000_000), Math.floorMod(micros, 1_000_000) * 1_000L);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("The replay clock is UTC only");
    }
}
