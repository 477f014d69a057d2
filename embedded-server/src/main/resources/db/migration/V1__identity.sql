-- Users, first-run setup, sessions and the server's key material.
-- Portable SQL (H2 and PostgreSQL); timestamps are UTC instants.

CREATE TABLE app_user (
    id                       UUID PRIMARY KEY,
    email                    VARCHAR(254) NOT NULL,
    email_normalized         VARCHAR(254) NOT NULL,
    display_name             VARCHAR(200) NOT NULL,
    role                     VARCHAR(16)  NOT NULL,
    enabled                  BOOLEAN      NOT NULL,
    password_hash            VARCHAR(400),
    password_change_required BOOLEAN      NOT NULL,
    created_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at               TIMESTAMP WITH TIME ZONE NOT NULL,
    last_login_at            TIMESTAMP WITH TIME ZONE,
    version                  BIGINT       NOT NULL,
    CONSTRAINT app_user_email_unique UNIQUE (email_normalized),
    CONSTRAINT app_user_role_valid CHECK (role IN ('ADMIN', 'EDITOR', 'USER'))
);

-- One row once the first administrator exists; the primary key makes a second setup impossible.
CREATE TABLE installation (
    id                 INT PRIMARY KEY,
    setup_completed_at TIMESTAMP WITH TIME ZONE NOT NULL,
    first_admin_id     UUID NOT NULL REFERENCES app_user (id),
    CONSTRAINT installation_single_row CHECK (id = 1)
);

CREATE TABLE setup_code (
    code_hash  VARCHAR(64) PRIMARY KEY,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE
);

CREATE TABLE user_session (
    id             UUID PRIMARY KEY,
    user_id        UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    auth_method    VARCHAR(32) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    revoked_at     TIMESTAMP WITH TIME ZONE,
    revoked_reason VARCHAR(64),
    ip             VARCHAR(64),
    client         VARCHAR(200)
);
CREATE INDEX user_session_user ON user_session (user_id);

-- Refresh tokens are kept only as SHA-256; a used one presented again ends its session.
CREATE TABLE refresh_token (
    token_hash VARCHAR(64) PRIMARY KEY,
    session_id UUID NOT NULL REFERENCES user_session (id) ON DELETE CASCADE,
    issued_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at    TIMESTAMP WITH TIME ZONE
);
CREATE INDEX refresh_token_session ON refresh_token (session_id);

-- Tink key sets, each encrypted with the master key.
CREATE TABLE key_set (
    name             VARCHAR(64) PRIMARY KEY,
    encrypted_keyset VARCHAR(100000) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at       TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Access-token signing keys; the private half is encrypted with the server key set.
CREATE TABLE signing_key (
    kid                   VARCHAR(64) PRIMARY KEY,
    algorithm             VARCHAR(16)   NOT NULL,
    public_jwk            VARCHAR(4000) NOT NULL,
    encrypted_private_jwk VARCHAR(8000) NOT NULL,
    created_at            TIMESTAMP WITH TIME ZONE NOT NULL,
    retired_at            TIMESTAMP WITH TIME ZONE
);
