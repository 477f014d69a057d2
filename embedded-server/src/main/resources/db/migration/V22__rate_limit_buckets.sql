-- Rate-limit buckets shared by the nodes of an installation on PostgreSQL (decision 0037): Bucket4j's
-- select-for-update store, one row per key such as 'sign-in-per-ip|203.0.113.7' or 'audit|sign-in-per-ip|...',
-- the bucket's state as Bucket4j serialises it, and the wall-clock millisecond after which the bucket is full
-- again and the clean-up may delete the row. Portable SQL (H2 and PostgreSQL): on H2, the single-node bundle,
-- buckets stay in memory and this table stays empty.

CREATE TABLE rate_limit_bucket (
    id         VARCHAR(512) PRIMARY KEY,
    state      BYTEA,
    expires_at BIGINT
);
CREATE INDEX rate_limit_bucket_expires_at ON rate_limit_bucket (expires_at);
