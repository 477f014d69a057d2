-- Lockout per factor and per address, and salted recovery codes (decision 0029). Portable SQL (H2 and PostgreSQL).

-- The account lock now needs a fresh run of failures after each lock ends (failures_toward_lock); lock_count is
-- the number of locks since the last completed sign-in, which doubles the wait. A lock in force keeps its level.
ALTER TABLE sign_in_lockout ADD COLUMN failures_toward_lock INT NOT NULL DEFAULT 0;
ALTER TABLE sign_in_lockout ADD COLUMN lock_count INT NOT NULL DEFAULT 0;
UPDATE sign_in_lockout SET failures_toward_lock = consecutive_failures WHERE locked_until IS NULL;
UPDATE sign_in_lockout SET lock_count = 1 WHERE locked_until IS NOT NULL;

-- The same counter per (account, address): an address that keeps failing locks itself out, also where the
-- account's owner signed in before.
CREATE TABLE sign_in_address_lockout (
    user_id              UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    ip                   VARCHAR(64) NOT NULL,
    failures_toward_lock INT         NOT NULL,
    lock_count           INT         NOT NULL,
    locked_until         TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (user_id, ip)
);

-- Addresses the account completed a sign-in from (password and, where asked, the second factor). The account
-- lock does not hold there, and part of the hourly cap is kept for them, so strangers cannot keep the owner out.
CREATE TABLE sign_in_trusted_address (
    user_id         UUID        NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    ip              VARCHAR(64) NOT NULL,
    last_success_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (user_id, ip)
);

-- Recovery codes: HMAC-SHA256 under a random salt per batch (so per user); NULL for codes of the old format
-- (SHA-256), which keep working until the user makes new ones.
ALTER TABLE mfa_recovery_code ADD COLUMN salt VARCHAR(64);
