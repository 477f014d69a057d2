package dev.bulwark.server.auth;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The access-token signing keys; the private half is stored sealed. Every method runs in the caller's transaction. */
public interface SigningKeyRepository {
    /**
     * One stored key.
     *
     * @param activatesAt when it starts signing; it is published before then
     * @param retiredAt when it stopped signing (the next key's activation), or null while it is the newest
     */
    record StoredSigningKey(
            String kid, String sealedPrivateJwk, Instant createdAt, Instant activatesAt, Instant retiredAt) {}

    /** Every stored key. */
    List<StoredSigningKey> all(Connection c) throws SQLException;

    /** The newest key (by activation), locked until the transaction ends so that two nodes never both add one. */
    Optional<StoredSigningKey> lockNewest(Connection c) throws SQLException;

    /** Stores a key; {@code publicJwk} is the JSON of its public half. */
    void insert(Connection c, StoredSigningKey key, String algorithm, String publicJwk) throws SQLException;

    /** Marks every key not yet retired as retired at {@code at}. */
    void retireAll(Connection c, Instant at) throws SQLException;
}
