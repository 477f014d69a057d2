-- Encrypted backups and their restore tests (docs/decisions/0030-encrypted-backups.md).

-- This server's identity, written into every backup's manifest, so a backup from another server is told apart.
CREATE TABLE server_identity (
    id         INT PRIMARY KEY,
    server_id  UUID NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT server_identity_single_row CHECK (id = 1)
);

CREATE TABLE backup (
    id             UUID PRIMARY KEY,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    file_name      VARCHAR(200) NOT NULL,
    size_bytes     BIGINT       NOT NULL,
    payload_sha256 VARCHAR(64)  NOT NULL,
    audit_head_seq BIGINT       NOT NULL,
    made_by        VARCHAR(16)  NOT NULL,
    CONSTRAINT backup_file_unique UNIQUE (file_name),
    CONSTRAINT backup_made_by_valid CHECK (made_by IN ('manual', 'scheduled', 'command-line'))
);
CREATE INDEX backup_created ON backup (created_at);

CREATE TABLE backup_restore_test (
    id            UUID PRIMARY KEY,
    backup_id     UUID         NOT NULL REFERENCES backup (id) ON DELETE CASCADE,
    tested_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    passed        BOOLEAN      NOT NULL,
    detail        VARCHAR(500) NOT NULL,
    user_count    BIGINT       NOT NULL,
    group_count   BIGINT       NOT NULL,
    vault_count   BIGINT       NOT NULL,
    audit_count   BIGINT       NOT NULL,
    duration_ms   BIGINT       NOT NULL
);
CREATE INDEX backup_restore_test_backup ON backup_restore_test (backup_id, tested_at);
CREATE INDEX backup_restore_test_time ON backup_restore_test (tested_at);
