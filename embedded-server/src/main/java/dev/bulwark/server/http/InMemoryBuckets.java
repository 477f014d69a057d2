package dev.bulwark.server.http;

import io.github.bucket4j.distributed.proxy.ClientSideConfig;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AbstractCompareAndSwapBasedProxyManager;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.AsyncCompareAndSwapOperation;
import io.github.bucket4j.distributed.proxy.generic.compare_and_swap.CompareAndSwapOperation;
import io.github.bucket4j.distributed.remote.RemoteBucketState;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Bucket4j buckets kept in this process, behind the same {@code ProxyManager} contract as Bucket4j's
 * PostgreSQL store ({@link PostgresqlBuckets}), which takes their place when the server's database is PostgreSQL
 * (docs/decisions/0037-rate-limits-across-nodes.md). A bucket untouched for {@code idleTtl} is dropped: by then it
 * would be full again anyway.
 */
final class InMemoryBuckets extends AbstractCompareAndSwapBasedProxyManager<String> {
    private static final int CLEAN_EVERY_WRITES = 4096;

    private record Entry(byte[] state, Instant expiresAt) {}

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final AtomicLong writes = new AtomicLong();
    private final Clock clock;
    private final Duration idleTtl;

    InMemoryBuckets(Clock clock, Duration idleTtl) {
        super(ClientSideConfig.getDefault().withClientClock(BucketClock.of(clock)));
        this.clock = clock;
        this.idleTtl = idleTtl;
    }

    /** How many buckets are held, for tests. */
    int size() {
        return entries.size();
    }

    @Override
    protected CompareAndSwapOperation beginCompareAndSwapOperation(String key) {
        return new CompareAndSwapOperation() {
            @Override
            public Optional<byte[]> getStateData(Optional<Long> timeoutNanos) {
                return Optional.ofNullable(live(entries.get(key), clock.instant()));
            }

            @Override
            public boolean compareAndSwap(
                    byte[] originalData, byte[] newData, RemoteBucketState newState, Optional<Long> timeoutNanos) {
                Instant now = clock.instant();
                boolean[] swapped = {false};
                entries.compute(key, (k, current) -> {
                    if (!Arrays.equals(live(current, now), originalData)) {
                        return current;
                    }
                    swapped[0] = true;
                    return new Entry(newData, now.plus(idleTtl));
                });
                if (writes.incrementAndGet() % CLEAN_EVERY_WRITES == 0) {
                    entries.values().removeIf(e -> !e.expiresAt().isAfter(now));
                }
                return swapped[0];
            }
        };
    }

    private static byte[] live(Entry entry, Instant now) {
        return entry == null || !entry.expiresAt().isAfter(now) ? null : entry.state();
    }

    @Override
    protected AsyncCompareAndSwapOperation beginAsyncCompareAndSwapOperation(String key) {
        throw new UnsupportedOperationException("The in-memory buckets are used synchronously only");
    }

    @Override
    public void removeProxy(String key) {
        entries.remove(key);
    }

    @Override
    protected CompletableFuture<Void> removeAsync(String key) {
        entries.remove(key);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public boolean isAsyncModeSupported() {
        return false;
    }
}
