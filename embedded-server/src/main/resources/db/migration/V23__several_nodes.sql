-- What several server nodes on one database need (docs/decisions/0039-keys-and-caches-across-nodes.md,
-- 0040-background-jobs-on-one-node.md, 0041-one-audit-chain-from-several-nodes.md). Portable SQL (H2 and PostgreSQL).

-- Every change of a key set bumps its revision; nodes re-read it to notice another node's rotation, and a change
-- built from an older revision is refused instead of overwriting a newer key set.
ALTER TABLE key_set ADD COLUMN revision BIGINT DEFAULT 0 NOT NULL;

-- A signing key is published before it signs, so every node knows it before any token it signs reaches them.
ALTER TABLE signing_key ADD COLUMN activates_at TIMESTAMP WITH TIME ZONE;
UPDATE signing_key SET activates_at = created_at;
ALTER TABLE signing_key ALTER COLUMN activates_at SET NOT NULL;

-- Background jobs run on one node at a time: the lock rows of ShedLock's JDBC provider.
CREATE TABLE job_lock (
    name       VARCHAR(64)  PRIMARY KEY,
    lock_until TIMESTAMP    NOT NULL,
    locked_at  TIMESTAMP    NOT NULL,
    locked_by  VARCHAR(255) NOT NULL
);

-- Fork guards: the chain has one record per sequence number (the primary key) and one successor per record.
CREATE UNIQUE INDEX audit_event_prev_hash_unique ON audit_event (prev_hash);
