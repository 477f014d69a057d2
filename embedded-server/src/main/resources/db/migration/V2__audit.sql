-- The audit trail: an append-only, hash-chained list of records, its head and its signed checkpoints.
-- Portable SQL (H2 and PostgreSQL). The append-only triggers are created per dialect by V2_1.

CREATE TABLE audit_event (
    seq          BIGINT PRIMARY KEY,
    id           UUID         NOT NULL,
    occurred_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_kind   VARCHAR(16)  NOT NULL,
    actor_id     UUID,
    actor_email  VARCHAR(254),
    auth_method  VARCHAR(32),
    source_ip    VARCHAR(64),
    client       VARCHAR(200),
    action       VARCHAR(64)  NOT NULL,
    target_type  VARCHAR(32),
    target_id    VARCHAR(64),
    target_name  VARCHAR(254),
    outcome      VARCHAR(16)  NOT NULL,
    reason       VARCHAR(500),
    request_id   VARCHAR(64),
    diff         VARCHAR(100000),
    prev_hash    VARCHAR(64)  NOT NULL,
    hash         VARCHAR(64)  NOT NULL,
    CONSTRAINT audit_event_id_unique UNIQUE (id),
    CONSTRAINT audit_event_actor_kind_valid CHECK (actor_kind IN ('USER', 'SYSTEM', 'ANONYMOUS')),
    CONSTRAINT audit_event_outcome_valid CHECK (outcome IN ('SUCCESS', 'DENIED', 'FAILURE'))
);
-- Every filter ends in seq, so "newest first" reads an index backwards and stops at the page size.
CREATE INDEX audit_event_time ON audit_event (occurred_at, seq);
CREATE INDEX audit_event_actor ON audit_event (actor_id, seq);
CREATE INDEX audit_event_action ON audit_event (action, outcome, seq);
CREATE INDEX audit_event_outcome ON audit_event (outcome, seq);
CREATE INDEX audit_event_target ON audit_event (target_type, target_id, seq);
CREATE INDEX audit_event_ip ON audit_event (source_ip, seq);

-- The single row every writer locks (SELECT ... FOR UPDATE) to append: one linear chain across writers and
-- nodes. The genesis hash is 64 zeros.
CREATE TABLE audit_head (
    id                  INT PRIMARY KEY,
    last_seq            BIGINT      NOT NULL,
    last_hash           VARCHAR(64) NOT NULL,
    last_checkpoint_seq BIGINT      NOT NULL,
    last_checkpoint_at  TIMESTAMP WITH TIME ZONE,
    CONSTRAINT audit_head_single_row CHECK (id = 1)
);
INSERT INTO audit_head (id, last_seq, last_hash, last_checkpoint_seq)
VALUES (1, 0, '0000000000000000000000000000000000000000000000000000000000000000', 0);

CREATE TABLE audit_checkpoint (
    seq        BIGINT PRIMARY KEY,
    hash       VARCHAR(64)   NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    key_id     VARCHAR(64)   NOT NULL,
    signature  VARCHAR(2000) NOT NULL
);

-- Checkpoint signing keys; the private half is encrypted with the server key set.
CREATE TABLE audit_signing_key (
    kid                   VARCHAR(64) PRIMARY KEY,
    algorithm             VARCHAR(16)   NOT NULL,
    public_jwk            VARCHAR(4000) NOT NULL,
    encrypted_private_jwk VARCHAR(8000) NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL
);
