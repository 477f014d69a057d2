package dev.bulwark.model.oidc;

import java.time.Instant;
import java.util.UUID;

/**
 * An account at a sign-in provider that a user is bound to ({@code GET /api/v1/users/{id}/identities}). Sign-ins
 * through that provider are accepted for the user only from this account.
 *
 * @param id the link's id, for {@code DELETE /api/v1/users/{id}/identities/{linkId}}
 * @param providerId the provider's id
 * @param providerSlug the provider's stable name
 * @param providerName the provider's display name
 * @param issuer the issuer that asserted the account
 * @param subject the account's {@code sub} at that issuer
 * @param linkedAt when the link was made (the first sign-in through the provider)
 * @param lastUsedAt the newest sign-in through it, or null
 */
public record LinkedIdentity(
        UUID id,
        UUID providerId,
        String providerSlug,
        String providerName,
        String issuer,
        String subject,
        Instant linkedAt,
        Instant lastUsedAt) {}
