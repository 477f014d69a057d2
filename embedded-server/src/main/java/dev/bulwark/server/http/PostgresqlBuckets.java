package dev.bulwark.server.http;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;

/**
 * Bucket4j buckets in the {@code rate_limit_bucket} table (migration V22), shared by every node on one PostgreSQL
 * database (docs/decisions/0037-rate-limits-across-nodes.md). Each consume is one short transaction that locks the
 * bucket's row ({@code SELECT ... FOR UPDATE}), so requests spread over any number of nodes draw on one bucket.
 * A row expires once its bucket would be full again, when it says no more than a missing row does.
 */
final class PostgresqlBuckets {
    static final String TABLE = "rate_limit_bucket";

    /** A bucket row that cannot be locked within this long fails the request instead of holding it. */
    private static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(10);

    private PostgresqlBuckets() {}

    /** The proxy manager over {@code dataSource}, its buckets timed by {@code clock}. */
    static PostgreSQLSelectForUpdateBasedProxyManager<String> open(DataSource dataSource, Clock clock) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table(TABLE)
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ZERO))
                .clientClock(BucketClock.of(clock))
                .requestTimeout(REQUEST_TIMEOUT)
                .build();
    }
}
