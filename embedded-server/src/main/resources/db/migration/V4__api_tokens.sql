-- API tokens for programmatic access. Portable SQL (H2 and PostgreSQL).
-- The token itself is never stored: only its SHA-256, looked up on every request that presents one.

CREATE TABLE api_token (
    id             UUID PRIMARY KEY,
    user_id        UUID         NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    token_hash     VARCHAR(64)  NOT NULL,
    name           VARCHAR(100) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    -- Comma-separated module names the token is narrowed to; NULL means every module.
    modules        VARCHAR(200),
    read_only      BOOLEAN      NOT NULL,
    last_used_at   TIMESTAMP WITH TIME ZONE,
    last_used_ip   VARCHAR(64),
    revoked_at     TIMESTAMP WITH TIME ZONE,
    revoked_reason VARCHAR(64),
    CONSTRAINT api_token_hash_unique UNIQUE (token_hash)
);
CREATE INDEX api_token_user ON api_token (user_id, created_at);

-- Audit records of requests made with an API token name the token: "api-token:<token id>" (46 characters).
ALTER TABLE audit_event ALTER COLUMN auth_method SET DATA TYPE VARCHAR(64);
