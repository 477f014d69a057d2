package dev.bulwark.server.oidc;

import dev.bulwark.model.oidc.LinkedIdentity;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Providers, pending browser sign-ins and one-time codes. */
interface OidcRepository {
    /** A browser sign-in waiting for the provider's answer. */
    record PendingSignIn(
            String stateHash,
            UUID providerId,
            String nonce,
            String sealedVerifier,
            String callbackUri,
            String clientRedirectUri,
            String clientState,
            String codeChallenge,
            Instant createdAt,
            Instant expiresAt,
            Instant usedAt) {}

    /** A one-time code handed to the desktop. */
    record OneTimeCode(
            String codeHash,
            UUID userId,
            UUID providerId,
            String codeChallenge,
            String redirectUri,
            Instant createdAt,
            Instant expiresAt,
            Instant usedAt,
            String issuer,
            String subject,
            boolean providerMfa) {}

    List<StoredProvider> listProviders(Connection c) throws SQLException;

    Optional<StoredProvider> findProvider(Connection c, UUID id) throws SQLException;

    Optional<StoredProvider> findProviderBySlug(Connection c, String slug) throws SQLException;

    void insertProvider(Connection c, StoredProvider provider) throws SQLException;

    void updateProvider(Connection c, StoredProvider provider) throws SQLException;

    boolean deleteProvider(Connection c, UUID id) throws SQLException;

    void insertPending(Connection c, PendingSignIn pending) throws SQLException;

    /**
     * The pending sign-in with this state hash, marked used by this call when {@code usedAt} is {@code null};
     * a non-null {@code usedAt} means it was used before (a replay).
     */
    Optional<PendingSignIn> takePending(Connection c, String stateHash, Instant now) throws SQLException;

    void insertCode(Connection c, OneTimeCode code) throws SQLException;

    /** The code with this hash, marked used by this call when {@code usedAt} is {@code null} (as for pending). */
    Optional<OneTimeCode> takeCode(Connection c, String codeHash, Instant now) throws SQLException;

    /** Removes pending sign-ins and codes that expired before {@code cutoff}. */
    int deleteExpired(Connection c, Instant cutoff) throws SQLException;

    /** The provider accounts {@code userId} is bound to, oldest first. */
    List<LinkedIdentity> identitiesOf(Connection c, UUID userId) throws SQLException;

    /** The account {@code userId} is bound to at {@code providerId}, if any. */
    Optional<LinkedIdentity> identityOf(Connection c, UUID userId, UUID providerId) throws SQLException;

    /** The link of the account {@code subject} at {@code providerId}, whoever it belongs to; with its user. */
    Optional<Map.Entry<UUID, LinkedIdentity>> identityBySubject(Connection c, UUID providerId, String subject)
            throws SQLException;

    void insertIdentity(Connection c, UUID userId, LinkedIdentity identity) throws SQLException;

    void touchIdentity(Connection c, UUID linkId, Instant now) throws SQLException;

    boolean deleteIdentity(Connection c, UUID userId, UUID linkId) throws SQLException;

    /** Removes every link made through {@code providerId}; returns how many there were. */
    int deleteIdentitiesOf(Connection c, UUID providerId) throws SQLException;
}
