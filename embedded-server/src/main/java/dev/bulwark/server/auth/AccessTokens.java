package dev.bulwark.server.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.ECDSAVerifier;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import dev.bulwark.model.Secret;
import dev.bulwark.server.crypto.Digests;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Issues and verifies the signed access tokens (JWT, ES256).
 *
 * <p>A token carries the user id ({@code sub}), the session id ({@code sid}) and the signing key's id. Verifying
 * a signature costs about a millisecond, so a token verified once is remembered, keyed by its SHA-256, until it
 * expires; the session and user behind it are still checked on every request by the {@link Authenticator}.
 */
public final class AccessTokens {
    static final String ISSUER = "bulwark";
    static final String AUDIENCE = "bulwark-api";
    private static final int CACHE_LIMIT = 50_000;

    /** What a valid access token says. */
    public record Claims(UUID userId, UUID sessionId, Instant expiresAt) {}

    private final SigningKeys keys;
    private final Duration lifetime;
    private final Clock clock;
    private final Map<String, Claims> verified = new ConcurrentHashMap<>();

    public AccessTokens(SigningKeys keys, Duration lifetime, Clock clock) {
        this.keys = keys;
        this.lifetime = lifetime;
        this.clock = clock;
    }

    /** How long a new token lives. */
    public Duration lifetime() {
        return lifetime;
    }

    /** A new token for {@code userId} in {@code sessionId}. */
    public Secret issue(UUID userId, UUID sessionId) {
        ECKey key = keys.current();
        Instant now = clock.instant();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER)
                .audience(AUDIENCE)
                .subject(userId.toString())
                .claim("sid", sessionId.toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(now.plus(lifetime)))
                .jwtID(UUID.randomUUID().toString())
                .build();
        SignedJWT jwt = new SignedJWT(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(key.getKeyID())
                        .type(JOSEObjectType.JWT)
                        .build(),
                claims);
        try {
            jwt.sign(new ECDSASigner(key));
        } catch (JOSEException e) {
            throw new IllegalStateException("An access token could not be signed", e);
        }
        return Secret.of(jwt.serialize());
    }

    /** The claims of {@code token} if its signature, issuer, audience and expiry are valid. */
    public Optional<Claims> verify(String token) {
        String cacheKey = Digests.sha256Hex(token);
        Instant now = clock.instant();
        Claims cached = verified.get(cacheKey);
        if (cached != null) {
            return cached.expiresAt().isAfter(now) ? Optional.of(cached) : Optional.empty();
        }
        Optional<Claims> claims = verifySignature(token, now);
        claims.ifPresent(c -> remember(cacheKey, c, now));
        return claims;
    }

    private Optional<Claims> verifySignature(String token, Instant now) {
        try {
            SignedJWT jwt = SignedJWT.parse(token);
            JWSHeader header = jwt.getHeader();
            if (!JWSAlgorithm.ES256.equals(header.getAlgorithm()) || header.getKeyID() == null) {
                return Optional.empty();
            }
            Optional<ECKey> key = keys.verificationKey(header.getKeyID());
            if (key.isEmpty() || !jwt.verify(new ECDSAVerifier(key.get()))) {
                return Optional.empty();
            }
            JWTClaimsSet claims = jwt.getJWTClaimsSet();
            Date expires = claims.getExpirationTime();
            if (!ISSUER.equals(claims.getIssuer())
                    || !List.of(AUDIENCE).equals(claims.getAudience())
                    || expires == null
                    || !expires.toInstant().isAfter(now)
                    || claims.getSubject() == null
                    || claims.getStringClaim("sid") == null) {
                return Optional.empty();
            }
            return Optional.of(new Claims(
                    UUID.fromString(claims.getSubject()),
                    UUID.fromString(claims.getStringClaim("sid")),
                    expires.toInstant()));
        } catch (ParseException | JOSEException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private void remember(String cacheKey, Claims claims, Instant now) {
        if (verified.size() >= CACHE_LIMIT) {
            verified.values().removeIf(c -> !c.expiresAt().isAfter(now));
            if (verified.size() >= CACHE_LIMIT) {
                verified.clear();
            }
        }
        verified.put(cacheKey, claims);
    }
}
