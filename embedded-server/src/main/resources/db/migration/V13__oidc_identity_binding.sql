-- Identity-provider binding (docs/decisions/0027). Portable SQL (H2 and PostgreSQL).

-- The provider account a user signs in with: (provider, issuer, subject), stored at the first successful sign-in
-- or when an administrator links it. A user has at most one account per provider, and a provider account belongs
-- to at most one user. Changing a provider's issuer or client id, or deleting it, removes its links.
CREATE TABLE oidc_identity (
    id           UUID         PRIMARY KEY,
    user_id      UUID         NOT NULL REFERENCES app_user (id) ON DELETE CASCADE,
    provider_id  UUID         NOT NULL REFERENCES oidc_provider (id) ON DELETE CASCADE,
    issuer       VARCHAR(500) NOT NULL,
    subject      VARCHAR(255) NOT NULL,
    linked_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    last_used_at TIMESTAMP WITH TIME ZONE,
    CONSTRAINT oidc_identity_one_per_provider UNIQUE (user_id, provider_id),
    CONSTRAINT oidc_identity_subject_unique UNIQUE (provider_id, subject)
);

-- Whether a provider's own second factor (amr of the ID token) stands in for Bulwark's; off unless an
-- administrator turns it on for that provider.
ALTER TABLE oidc_provider ADD COLUMN trust_provider_mfa BOOLEAN DEFAULT FALSE NOT NULL;

-- What the provider asserted, carried from the callback to the code exchange: the account and whether its
-- authentication methods (amr) include a second factor.
ALTER TABLE oidc_code ADD COLUMN issuer VARCHAR(500);
ALTER TABLE oidc_code ADD COLUMN subject VARCHAR(255);
ALTER TABLE oidc_code ADD COLUMN provider_mfa BOOLEAN DEFAULT FALSE NOT NULL;
