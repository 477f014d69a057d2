package dev.bulwark.server.oidc;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.proc.BadJOSEException;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.text.ParseException;
import java.time.Clock;
import java.util.Date;
import java.util.Set;

/**
 * Validates ID tokens with Nimbus: the signature against the provider's key set (asymmetric algorithms only),
 * the issuer, the audience (our client id), expiry and issue time (with one minute of skew, by the server's
 * clock), and the nonce this sign-in sent.
 */
final class IdTokens {
    private static final Set<JWSAlgorithm> ALGORITHMS = Set.of(
            JWSAlgorithm.RS256,
            JWSAlgorithm.RS384,
            JWSAlgorithm.RS512,
            JWSAlgorithm.PS256,
            JWSAlgorithm.PS384,
            JWSAlgorithm.PS512,
            JWSAlgorithm.ES256,
            JWSAlgorithm.ES384,
            JWSAlgorithm.ES512,
            JWSAlgorithm.EdDSA);

    private final OidcDiscovery discovery;
    private final Clock clock;

    IdTokens(OidcDiscovery discovery, Clock clock) {
        this.discovery = discovery;
        this.clock = clock;
    }

    /**
     * The claims of {@code idToken} once every check passed.
     *
     * @throws ProviderException naming the check that failed
     */
    JWTClaimsSet validate(String idToken, OidcDiscovery.Metadata provider, String clientId, String nonce) {
        DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, discovery.keys(provider)));
        processor.setJWTClaimsSetVerifier(
                new DefaultJWTClaimsVerifier<>(
                        Set.of(clientId),
                        new JWTClaimsSet.Builder()
                                .issuer(provider.issuer())
                                .claim("nonce", nonce)
                                .build(),
                        Set.of("sub", "iat", "exp", "email"),
                        null) {
                    @Override
                    protected Date currentTime() {
                        return Date.from(clock.instant());
                    }
                });
        try {
            return processor.process(idToken, null);
        } catch (ParseException e) {
            throw new ProviderException("The provider's ID token is not a signed JWT.");
        } catch (BadJOSEException e) {
            String reason = e.getMessage() != null && e.getMessage().contains("nonce")
                    ? "its nonce is not the one this sign-in sent."
                    : e.getMessage();
            throw new ProviderException("The provider's ID token was refused: " + reason);
        } catch (JOSEException e) {
            throw new ProviderException("The provider's ID token could not be checked: " + e.getMessage());
        }
    }
}
