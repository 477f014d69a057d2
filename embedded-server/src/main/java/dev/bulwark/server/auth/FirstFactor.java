package dev.bulwark.server.auth;

import java.util.Optional;
import java.util.UUID;

/**
 * How a sign-in passed its first step, carried through a second-factor challenge so that the session and its
 * audit records name it, and so that a provider account is bound to the user only once the sign-in is complete.
 *
 * @param sessionMethod the session's method before the second factor: {@code password} or {@code oidc}
 * @param auditMethod the audit records' method: {@code password} or {@code oidc:<provider>}
 * @param account the provider account to bind to the user when the sign-in completes, if it came through one
 */
public record FirstFactor(String sessionMethod, String auditMethod, Optional<ProviderAccount> account) {
    /** A password sign-in. */
    public static final FirstFactor PASSWORD = new FirstFactor("password", "password", Optional.empty());

    /**
     * An account at an identity provider.
     *
     * @param providerId the provider's id
     * @param issuer the ID token's issuer
     * @param subject the ID token's subject
     */
    public record ProviderAccount(UUID providerId, String issuer, String subject) {}

    /** A sign-in through {@code providerSlug} as {@code account}. */
    public static FirstFactor provider(String providerSlug, ProviderAccount account) {
        return new FirstFactor("oidc", "oidc:" + providerSlug, Optional.of(account));
    }
}
