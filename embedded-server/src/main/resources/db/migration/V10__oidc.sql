-- Sign-in through the system browser (OpenID Connect). Portable SQL (H2 and PostgreSQL).

-- The providers administrators configure. The client secret is sealed with the server key set (AES-256-GCM,
-- bound to the provider id); nothing here is a secret in clear.
CREATE TABLE oidc_provider (
    id                   UUID PRIMARY KEY,
    slug                 VARCHAR(40)   NOT NULL,
    display_name         VARCHAR(100)  NOT NULL,
    issuer               VARCHAR(500)  NOT NULL,
    client_id            VARCHAR(500)  NOT NULL,
    client_secret_sealed VARCHAR(4000),
    -- Space-separated scopes, as OAuth writes them.
    scopes               VARCHAR(500)  NOT NULL,
    -- Comma-separated lower-case email domains; NULL means any.
    allowed_domains      VARCHAR(2000),
    enabled              BOOLEAN       NOT NULL,
    created_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT oidc_provider_slug_unique UNIQUE (slug)
);

-- A browser sign-in between the redirect to the provider and its return: keyed by the SHA-256 of the state the
-- server sent, single use (used_at), short-lived. The server's own PKCE verifier is sealed like client secrets.
CREATE TABLE oidc_pending_sign_in (
    state_hash          VARCHAR(64)   PRIMARY KEY,
    provider_id         UUID          NOT NULL REFERENCES oidc_provider (id) ON DELETE CASCADE,
    nonce               VARCHAR(64)   NOT NULL,
    verifier_sealed     VARCHAR(400)  NOT NULL,
    callback_uri        VARCHAR(1000) NOT NULL,
    client_redirect_uri VARCHAR(1000) NOT NULL,
    client_state        VARCHAR(500)  NOT NULL,
    code_challenge      VARCHAR(64)   NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at             TIMESTAMP WITH TIME ZONE
);
CREATE INDEX oidc_pending_sign_in_expiry ON oidc_pending_sign_in (expires_at);

-- One-time codes handed to the desktop's loopback address, kept only as SHA-256, bound to the desktop's PKCE
-- challenge and exact redirect URI; single use, short-lived.
CREATE TABLE oidc_code (
    code_hash      VARCHAR(64)   PRIMARY KEY,
    user_id        UUID          NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    provider_id    UUID          NOT NULL REFERENCES oidc_provider (id) ON DELETE CASCADE,
    code_challenge VARCHAR(64)   NOT NULL,
    redirect_uri   VARCHAR(1000) NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at        TIMESTAMP WITH TIME ZONE
);
CREATE INDEX oidc_code_expiry ON oidc_code (expires_at);
