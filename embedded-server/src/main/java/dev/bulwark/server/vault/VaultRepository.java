package dev.bulwark.server.vault;

import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.vault.SecretVersion;
import dev.bulwark.model.vault.VaultEntrySummary;
import dev.bulwark.model.vault.VaultShare;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/** Vault entries, their sharing and their encrypted values. Every method runs in the caller's transaction. */
public interface VaultRepository {
    void insert(Connection c, StoredEntry entry) throws SQLException;

    /** Writes {@code entry} when the stored version is {@code expectedVersion}; the stored version becomes {@code entry.version()}. */
    boolean update(Connection c, StoredEntry entry, long expectedVersion) throws SQLException;

    Optional<StoredEntry> find(Connection c, UUID id) throws SQLException;

    /** One page of summaries, sorted by name; one more than the limit tells whether more follow. */
    List<VaultEntrySummary> search(Connection c, VaultSearch search) throws SQLException;

    List<VaultShare> shares(Connection c, UUID entryId) throws SQLException;

    void replaceShares(Connection c, UUID entryId, List<VaultShare> shares) throws SQLException;

    /** The highest level {@code userId} holds on the entry through their groups; NONE when not shared with them. */
    AccessLevel accessOf(Connection c, UUID entryId, UUID userId) throws SQLException;

    /** The ids among {@code groupIds} that name no group. */
    List<UUID> missingGroups(Connection c, List<UUID> groupIds) throws SQLException;

    /** The groups {@code userId} is a member of. */
    List<UUID> groupsOf(Connection c, UUID userId) throws SQLException;

    void insertValue(Connection c, StoredValue value, boolean current, UUID by, Instant at) throws SQLException;

    /** Marks every value of {@code field} as not current. */
    void retireValues(Connection c, UUID entryId, String field) throws SQLException;

    /** Deletes every value of {@code field}. */
    void deleteValues(Connection c, UUID entryId, String field) throws SQLException;

    Optional<StoredValue> currentValue(Connection c, UUID entryId, String field) throws SQLException;

    Optional<StoredValue> value(Connection c, UUID entryId, String field, int version) throws SQLException;

    /** The kept versions of {@code field}, newest first. */
    List<SecretVersion> versions(Connection c, UUID entryId, String field) throws SQLException;

    /** Deletes all but the newest {@code keep} versions of {@code field}. */
    void pruneVersions(Connection c, UUID entryId, String field, int keep) throws SQLException;

    void setDeleted(Connection c, UUID id, Instant at, UUID by) throws SQLException;

    void clearDeleted(Connection c, UUID id, long newVersion, Instant at, UUID by) throws SQLException;

    void delete(Connection c, UUID id) throws SQLException;

    /** Entries in the trash since before {@code before}. */
    List<UUID> trashedBefore(Connection c, Instant before, int limit) throws SQLException;

    /** Live entries for the health report, restricted to those visible to {@code visibleTo} unless null. */
    List<HealthRow> healthRows(Connection c, UUID visibleTo) throws SQLException;

    /** Live entries expiring on or before {@code until} not yet reminded of on {@code today}. */
    List<HealthRow> dueForReminder(Connection c, LocalDate until, LocalDate today, int limit) throws SQLException;

    void markReminded(Connection c, UUID id, LocalDate today) throws SQLException;

    /** Stored values per data key id. */
    Map<Long, Long> valuesPerKey(Connection c) throws SQLException;

    /** Up to {@code limit} values not sealed under {@code keyId}. */
    List<StoredValue> valuesNotUnder(Connection c, long keyId, int limit) throws SQLException;

    /** Replaces the ciphertext of a value still sealed under {@code old.keyId()}. */
    boolean reseal(Connection c, StoredValue old, long keyId, byte[] ciphertext) throws SQLException;
}
