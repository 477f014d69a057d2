-- A second-factor challenge remembers how the first factor was passed, so the session and its audit records name
-- it ("oidc:<provider>+totp", not "password+totp"), and which provider account a sign-in through a provider
-- binds to the user once the second factor is passed, not before (docs/decisions/0027).
ALTER TABLE mfa_challenge ADD COLUMN first_factor VARCHAR(200) DEFAULT 'password' NOT NULL;
ALTER TABLE mfa_challenge ADD COLUMN link_provider_id UUID;
ALTER TABLE mfa_challenge ADD COLUMN link_issuer VARCHAR(500);
ALTER TABLE mfa_challenge ADD COLUMN link_subject VARCHAR(255);
