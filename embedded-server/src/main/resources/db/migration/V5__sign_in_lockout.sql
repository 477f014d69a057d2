-- Account lockout after failed sign-ins (PRODUCT §2 "Brute force"). Kept in the database, not in memory, so a
-- lock survives a restart and holds on every node of a hosted installation.

-- Consecutive failed password checks and the current lock; no row means no failures since the last success.
CREATE TABLE sign_in_lockout (
    user_id              UUID PRIMARY KEY REFERENCES app_user (id) ON DELETE CASCADE,
    consecutive_failures INT NOT NULL,
    locked_until         TIMESTAMP WITH TIME ZONE,
    last_failure_at      TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Every password check of the last hour that has not (yet) succeeded, for the hourly cap (ASVS 2.2.1). A row is
-- written before the hash is checked and removed when the password was right, so concurrent guesses cannot
-- slip past the cap.
CREATE TABLE sign_in_failure (
    id        UUID PRIMARY KEY,
    user_id   UUID NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    failed_at TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX sign_in_failure_user_time ON sign_in_failure (user_id, failed_at);
