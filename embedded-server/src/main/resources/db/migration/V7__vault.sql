-- The credential vault: entries, their sharing, and their encrypted values.
-- Portable SQL (H2 and PostgreSQL). No secret is stored in plain text: vault_value holds AES-256-GCM
-- ciphertexts whose associated data binds them to (entry id, version, field).

CREATE TABLE vault_entry (
    id             UUID PRIMARY KEY,
    name           VARCHAR(200)    NOT NULL,
    name_sort      VARCHAR(200)    NOT NULL,
    search_text    VARCHAR(5000)   NOT NULL,
    kind           VARCHAR(16)     NOT NULL,
    username       VARCHAR(200),
    url            VARCHAR(2000),
    tags           VARCHAR(2000)   NOT NULL,
    custom_fields  VARCHAR(200000) NOT NULL,
    expires_on     DATE,
    version        BIGINT          NOT NULL,
    secret_version INT             NOT NULL,
    has_secret     BOOLEAN         NOT NULL,
    has_notes      BOOLEAN         NOT NULL,
    fingerprint    VARCHAR(64),
    strength       INT,
    reminded_on    DATE,
    created_by     UUID,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_by     UUID,
    updated_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    deleted_at     TIMESTAMP WITH TIME ZONE,
    deleted_by     UUID,
    CONSTRAINT vault_entry_kind_valid CHECK (kind IN ('PASSWORD', 'API_KEY', 'SSH_KEY', 'CERTIFICATE', 'SECURE_NOTE'))
);
CREATE INDEX vault_entry_name ON vault_entry (name_sort, id);
CREATE INDEX vault_entry_expiry ON vault_entry (expires_on);

CREATE TABLE vault_share (
    entry_id     UUID       NOT NULL REFERENCES vault_entry (id) ON DELETE CASCADE,
    group_id     UUID       NOT NULL REFERENCES app_group (id) ON DELETE CASCADE,
    access_level VARCHAR(8) NOT NULL,
    PRIMARY KEY (entry_id, group_id),
    CONSTRAINT vault_share_level_valid CHECK (access_level IN ('READ', 'WRITE'))
);
CREATE INDEX vault_share_group ON vault_share (group_id);

-- One row per encrypted value: the secret (with its kept versions), the notes and secret custom fields.
-- key_id names the data key that encrypts it, so key rotation can count and find what it has left to do.
CREATE TABLE vault_value (
    entry_id   UUID         NOT NULL REFERENCES vault_entry (id) ON DELETE CASCADE,
    field      VARCHAR(100) NOT NULL,
    version    INT          NOT NULL,
    is_current BOOLEAN      NOT NULL,
    key_id     BIGINT       NOT NULL,
    ciphertext BYTEA        NOT NULL,
    created_by UUID,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (entry_id, field, version)
);
CREATE INDEX vault_value_key ON vault_value (key_id);
