-- Second factor and known IPs (PRODUCT §3). Portable SQL (H2 and PostgreSQL).
-- No code, secret or challenge id is stored in clear: challenge ids and codes as SHA-256, the authenticator
-- secret and the SMTP password encrypted with the server's key set.

-- Addresses a user completed a second factor from; sign-ins from them need none.
CREATE TABLE known_ip (
    user_id       UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    ip            VARCHAR(64) NOT NULL,
    first_seen_at TIMESTAMP WITH TIME ZONE NOT NULL,
    last_seen_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, ip)
);

-- A sign-in waiting for its second factor, bound to the user and the address the password came from. The id is
-- stored as SHA-256; the email code as SHA-256 of (challenge id, code), so the table alone cannot be brute-forced.
CREATE TABLE mfa_challenge (
    id_hash          VARCHAR(64) PRIMARY KEY,
    user_id          UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    ip               VARCHAR(64) NOT NULL,
    created_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    email_code_hash  VARCHAR(64),
    email_sent_at    TIMESTAMP WITH TIME ZONE,
    tries            INT         NOT NULL,
    completed_at     TIMESTAMP WITH TIME ZONE
);
CREATE INDEX mfa_challenge_expiry ON mfa_challenge (expires_at);

-- The authenticator app's shared secret (sealed); confirmed_at is NULL while an enrolment waits for its first
-- code. last_used_step is the newest 30 s step accepted, so no code is ever accepted twice.
CREATE TABLE mfa_totp (
    user_id        UUID          PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    secret_sealed  VARCHAR(512)  NOT NULL,
    created_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    confirmed_at   TIMESTAMP WITH TIME ZONE,
    last_used_step BIGINT
);

-- Single-use recovery codes, as SHA-256.
CREATE TABLE mfa_recovery_code (
    user_id   UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    code_hash VARCHAR(64) NOT NULL,
    used_at   TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (user_id, code_hash)
);

-- Sign-in settings saved through the API; when the row is missing the server's settings file applies.
CREATE TABLE sign_in_setting (
    id                   INT          PRIMARY KEY,
    mfa_enabled          BOOLEAN      NOT NULL,
    mail_host            VARCHAR(253) NOT NULL,
    mail_port            INT          NOT NULL,
    mail_security        VARCHAR(16)  NOT NULL,
    mail_username        VARCHAR(254) NOT NULL,
    mail_password_sealed VARCHAR(1024),
    mail_from            VARCHAR(254) NOT NULL,
    updated_at           TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT sign_in_setting_single_row CHECK (id = 1)
);
