package dev.bulwark.server.http;

import dev.bulwark.model.problem.ApiException;
import dev.bulwark.server.ServerSettings.Rate;
import dev.bulwark.server.ServerSettings.RateLimitSettings;
import dev.bulwark.server.crypto.Digests;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.distributed.proxy.ExpiredEntriesCleaner;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.distributed.proxy.optimization.DelayParameters;
import io.github.bucket4j.distributed.proxy.optimization.Optimizations;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.stream.Stream;
import javax.sql.DataSource;

/**
 * Request rates per class of endpoint (docs/decisions/0014-rate-limits-and-lockout.md), counted in Bucket4j token
 * buckets.
 *
 * <p>Security guarantees: sign-in is limited per address and per account before any password is hashed; the
 * account key is the normalised email whether or not such an account exists, so a limit never tells whether
 * one does. Over a limit the caller gets a {@code rate-limited} problem with the seconds to wait. The first
 * rejection of a key in each period is reported to the {@link Listener} (which audits it); later ones in the
 * same period are not, so a flood of requests cannot flood the audit trail.
 *
 * <p>The buckets live behind Bucket4j's {@link ProxyManager}: in this process on H2 (the single-node bundle), in
 * the database on PostgreSQL, where every node of an installation draws on the same buckets, the audit gates
 * included (docs/decisions/0037-rate-limits-across-nodes.md). There the limits of signed-in requests, which every
 * API request consumes, are kept per node and written to the database in arrears: at least every
 * {@link #API_SYNC_PERIOD} and every {@link #API_UNSYNCED_SHARE} of the limit (at least one request, so small limits
 * are exact), with Bucket4j's delaying optimization. Across N nodes such a limit can be exceeded by at most N times
 * that share; sign-in and public limits are written on every request.
 */
public final class RateLimits {
    /** The classes of requests that are limited, each with the sentence a rejected caller reads. */
    public enum Limit {
        SIGN_IN_PER_IP("sign-in-per-ip", "Too many sign-in attempts from this address."),
        SIGN_IN_PER_ACCOUNT("sign-in-per-account", "Too many sign-in attempts for this account."),
        PUBLIC_PER_IP("public-per-ip", "Too many requests from this address."),
        API_PER_CALLER("api-per-caller", "Too many requests with this access token."),
        API_PER_IP("api-per-ip", "Too many requests from this address.");

        private final String slug;
        private final String sentence;

        Limit(String slug, String sentence) {
            this.slug = slug;
            this.sentence = sentence;
        }

        /** The setting's name under {@code rate-limits.}, for example {@code sign-in-per-ip}. */
        public String slug() {
            return slug;
        }
    }

    /**
     * A request refused by a limit.
     *
     * @param limit the limit that refused it
     * @param client where the request came from
     * @param account the email a sign-in named, or {@code null}
     * @param retryAfterSeconds when a request will be allowed again
     */
    public record Rejection(Limit limit, ClientInfo client, String account, long retryAfterSeconds) {
        /** The problem the caller gets. */
        public ApiException exception() {
            return ApiException.rateLimited(
                    limit.sentence + " Try again in " + retryAfterSeconds
                            + (retryAfterSeconds == 1 ? " second." : " seconds."),
                    retryAfterSeconds);
        }
    }

    /** Hears the first rejection of each key in each period. */
    @FunctionalInterface
    public interface Listener {
        void firstRejection(Rejection rejection);
    }

    /** The tightest limit a request met, for the {@code RateLimit-*} headers of its response. */
    static final class Quota {
        private long limit = -1;
        private long remaining;
        private long resetSeconds;

        private void offer(long limit, long remaining, long resetSeconds) {
            if (this.limit < 0 || remaining < this.remaining) {
                this.limit = limit;
                this.remaining = remaining;
                this.resetSeconds = resetSeconds;
            }
        }

        /** Writes {@code RateLimit-Limit}, {@code -Remaining} and {@code -Reset} (IETF draft), if a limit was met. */
        void writeTo(BiConsumer<String, String> headers) {
            if (limit >= 0) {
                headers.accept("RateLimit-Limit", Long.toString(limit));
                headers.accept("RateLimit-Remaining", Long.toString(remaining));
                headers.accept("RateLimit-Reset", Long.toString(resetSeconds));
            }
        }
    }

    /** The longest a node keeps signed-in requests it counted from the shared buckets. */
    static final Duration API_SYNC_PERIOD = Duration.ofMillis(250);
    /** The share of a signed-in request limit a node may count before writing it to the shared buckets. */
    static final double API_UNSYNCED_SHARE = 0.02;

    private static final int API_BUCKETS_CACHED = 10_000;
    private static final ThreadLocal<Quota> CURRENT = new ThreadLocal<>();
    private static final int MAX_EMAIL_CHARS = 254;
    private static final int CLEANUP_BATCH = 1000;

    private final ProxyManager<String> buckets;
    private final Map<Limit, Rate> rates = new EnumMap<>(Limit.class);
    private final Map<Limit, BucketConfiguration> configurations = new EnumMap<>(Limit.class);
    private final Map<Limit, BucketConfiguration> auditGates = new EnumMap<>(Limit.class);
    private final Listener listener;
    /** The delayed buckets of signed-in requests, newest use last; only for shared buckets. */
    private final Map<String, BucketProxy> apiBuckets = new LinkedHashMap<>(256, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, BucketProxy> eldest) {
            return size() > API_BUCKETS_CACHED;
        }
    };

    public RateLimits(RateLimitSettings settings, ProxyManager<String> buckets, Listener listener) {
        this.buckets = buckets;
        this.listener = listener;
        rates.put(Limit.SIGN_IN_PER_IP, settings.signInPerIp());
        rates.put(Limit.SIGN_IN_PER_ACCOUNT, settings.signInPerAccount());
        rates.put(Limit.PUBLIC_PER_IP, settings.publicPerIp());
        rates.put(Limit.API_PER_CALLER, settings.apiPerCaller());
        rates.put(Limit.API_PER_IP, settings.apiPerIp());
        rates.forEach((limit, rate) -> {
            configurations.put(limit, configuration(rate.requests(), rate.period()));
            auditGates.put(limit, configuration(1, rate.period()));
        });
    }

    /** Rate limits whose buckets live in this process, timed by {@code clock}. */
    public static RateLimits inMemory(RateLimitSettings settings, Clock clock, Listener listener) {
        Duration longest = Stream.of(
                        settings.signInPerIp(),
                        settings.signInPerAccount(),
                        settings.publicPerIp(),
                        settings.apiPerCaller(),
                        settings.apiPerIp())
                .map(Rate::period)
                .max(Duration::compareTo)
                .orElseThrow();
        return new RateLimits(settings, new InMemoryBuckets(clock, longest), listener);
    }

    /**
     * Rate limits whose buckets live in the PostgreSQL database behind {@code dataSource} (table {@code
     * rate_limit_bucket}), shared by every node on it and timed by {@code clock}.
     */
    public static RateLimits inPostgresql(
            RateLimitSettings settings, DataSource dataSource, Clock clock, Listener listener) {
        return new RateLimits(settings, PostgresqlBuckets.open(dataSource, clock), listener);
    }

    /** Whether the buckets are kept outside this process and need {@link #removeExpired} now and then. */
    public boolean shared() {
        return buckets instanceof ExpiredEntriesCleaner;
    }

    /**
     * Deletes the stored buckets that are full again, in batches that skip rows other nodes hold; buckets in
     * memory drop themselves.
     *
     * @return how many were deleted
     */
    public int removeExpired() {
        if (!(buckets instanceof ExpiredEntriesCleaner cleaner)) {
            return 0;
        }
        int total = 0;
        int removed;
        do {
            removed = cleaner.removeExpired(CLEANUP_BATCH);
            total += removed;
        } while (removed == CLEANUP_BATCH);
        return total;
    }

    private static BucketConfiguration configuration(long requests, Duration period) {
        return BucketConfiguration.builder()
                .addLimit(limit -> limit.capacity(requests).refillGreedy(requests, period))
                .build();
    }

    /**
     * Counts a sign-in attempt from {@code client} naming {@code email}; call it before any password hashing.
     *
     * @throws ApiException {@code rate-limited} when the address or the account is over its limit
     */
    public void checkSignIn(ClientInfo client, String email) {
        take(Limit.SIGN_IN_PER_IP, client.ip(), client, email);
        take(Limit.SIGN_IN_PER_ACCOUNT, accountKey(email), client, email);
    }

    /** Counts a request without a bearer token. */
    void checkPublic(ClientInfo client) {
        take(Limit.PUBLIC_PER_IP, client.ip(), client, null);
    }

    /** Counts a request with a bearer token, per token (never stored in clear) and per address. */
    void checkApi(ClientInfo client, String bearerToken) {
        take(Limit.API_PER_IP, client.ip(), client, null);
        take(Limit.API_PER_CALLER, Digests.sha256Hex(bearerToken), client, null);
    }

    /** Starts collecting the quota of the request this thread serves. */
    static Quota openRequest() {
        Quota quota = new Quota();
        CURRENT.set(quota);
        return quota;
    }

    static void closeRequest() {
        CURRENT.remove();
    }

    /**
     * The same normalisation as the user table's unique email, so case and spaces give no fresh bucket; cut to
     * the longest email there is, so an over-long one cannot make a large key.
     */
    private static String accountKey(String email) {
        String key = email.strip().toLowerCase(Locale.ROOT);
        return key.length() > MAX_EMAIL_CHARS ? key.substring(0, MAX_EMAIL_CHARS) : key;
    }

    private void take(Limit limit, String key, ClientInfo client, String account) {
        String bucketKey = limit.slug + "|" + key;
        ConsumptionProbe probe = bucket(limit, bucketKey).tryConsumeAndReturnRemaining(1);
        long capacity = rates.get(limit).requests();
        Quota quota = CURRENT.get();
        if (probe.isConsumed()) {
            if (quota != null) {
                quota.offer(capacity, probe.getRemainingTokens(), seconds(probe.getNanosToWaitForReset()));
            }
            return;
        }
        long retryAfter = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
        if (quota != null) {
            quota.offer(capacity, 0, retryAfter);
        }
        Rejection rejection = new Rejection(limit, client, account, retryAfter);
        boolean firstInPeriod = buckets.builder()
                .build("audit|" + bucketKey, () -> auditGates.get(limit))
                .tryConsume(1);
        if (firstInPeriod) {
            listener.firstRejection(rejection);
        }
        throw rejection.exception();
    }

    private BucketProxy bucket(Limit limit, String bucketKey) {
        boolean delayed = shared() && (limit == Limit.API_PER_CALLER || limit == Limit.API_PER_IP);
        if (!delayed) {
            return buckets.builder().build(bucketKey, () -> configurations.get(limit));
        }
        synchronized (apiBuckets) {
            return apiBuckets.computeIfAbsent(bucketKey, k -> {
                long unsynced = Math.max(1, (long) (rates.get(limit).requests() * API_UNSYNCED_SHARE));
                return buckets.builder()
                        .withOptimization(Optimizations.delaying(new DelayParameters(unsynced, API_SYNC_PERIOD)))
                        .build(k, () -> configurations.get(limit));
            });
        }
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
