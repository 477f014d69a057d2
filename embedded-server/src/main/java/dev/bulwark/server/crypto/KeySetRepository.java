package dev.bulwark.server.crypto;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * The stored Tink key sets, each wrapped by the master key, one row per name ({@code server}, {@code vault-data},
 * {@code vault-fingerprint}). Every change bumps the row's revision, which other nodes read to notice it
 * (docs/decisions/0039-keys-and-caches-across-nodes.md). Every method runs in the caller's transaction.
 */
public interface KeySetRepository {
    /** A wrapped key set as stored; the wrapped text is ciphertext under the master key. */
    record StoredKeySet(String name, String wrapped, long revision, Instant updatedAt) {}

    /** The key set named {@code name}. */
    Optional<StoredKeySet> find(Connection c, String name) throws SQLException;

    /** Every stored key set, by name. */
    List<StoredKeySet> all(Connection c) throws SQLException;

    /** The revision of {@code name} alone: one primary-key read, for noticing another node's change. */
    OptionalLong revision(Connection c, String name) throws SQLException;

    /** Stores a new key set at revision 0. */
    void insert(Connection c, String name, String wrapped, Instant now) throws SQLException;

    /**
     * Replaces the wrapped key set and bumps its revision, provided it is still at {@code expectedRevision}: a
     * change built from a copy another node has since replaced is refused rather than overwriting it.
     *
     * @return false when the row is missing or at another revision
     */
    boolean update(Connection c, String name, String wrapped, long expectedRevision, Instant now) throws SQLException;
}
