package dev.bulwark.model.oidc;

import java.util.List;

/**
 * What testing a provider found ({@code POST /api/v1/settings/oidc-providers/{id}/test}): its discovery document
 * and signing keys were fetched as a sign-in would fetch them.
 *
 * @param ok whether a sign-in could work with what was found
 * @param issuer the issuer the discovery document names
 * @param authorizationEndpoint where browsers are sent to sign in
 * @param tokenEndpoint where the server exchanges codes
 * @param jwksUri where the signing keys are
 * @param signingKeys how many keys the key set holds
 * @param problems one sentence per problem found; empty when {@code ok}
 */
public record OidcProviderCheck(
        boolean ok,
        String issuer,
        String authorizationEndpoint,
        String tokenEndpoint,
        String jwksUri,
        int signingKeys,
        List<String> problems) {
    public OidcProviderCheck {
        problems = problems == null ? List.of() : List.copyOf(problems);
    }
}
