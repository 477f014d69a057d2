package dev.bulwark.server.vault;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import dev.bulwark.model.Json;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.vault.CustomField;
import dev.bulwark.model.vault.EntryKind;
import dev.bulwark.model.vault.SecretVersion;
import dev.bulwark.model.vault.VaultEntrySummary;
import dev.bulwark.model.vault.VaultShare;
import java.sql.Connection;
import java.sql.Date;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/** {@link VaultRepository} over JDBC; H2 and PostgreSQL share the SQL. */
public final class JdbcVaultRepository implements VaultRepository {
    private static final TypeReference<List<CustomField>> CUSTOM_FIELDS = new TypeReference<>() {};

    private static final String ENTRY_COLUMNS = """
            e.id, e.name, e.kind, e.username, e.url, e.tags, e.custom_fields, e.expires_on, e.version,
            e.secret_version, e.has_secret, e.has_notes, e.fingerprint, e.strength, e.created_by, e.created_at,
            e.updated_by, e.updated_at, e.deleted_at
            """;

    /** The caller's level through their groups: 'WRITE' sorts after 'READ'. */
    private static final String ACCESS_THROUGH_GROUPS = """
            (SELECT MAX(s.access_level) FROM vault_share s JOIN group_member m ON m.group_id = s.group_id
              WHERE s.entry_id = e.id AND m.user_id = ?)
            """;

    @Override
    public void insert(Connection c, StoredEntry e) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO vault_entry (id, name, name_sort, search_text, kind, username, url, tags, custom_fields,
                    expires_on, version, secret_version, has_secret, has_notes, fingerprint, strength, created_by,
                    created_at, updated_by, updated_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            s.setObject(1, e.id());
            int i = bindContent(s, 2, e);
            s.setObject(i++, e.createdBy());
            s.setTimestamp(i++, Timestamp.from(e.createdAt()));
            s.setObject(i++, e.updatedBy());
            s.setTimestamp(i, Timestamp.from(e.updatedAt()));
            s.executeUpdate();
        }
    }

    @Override
    public boolean update(Connection c, StoredEntry e, long expectedVersion) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE vault_entry SET name = ?, name_sort = ?, search_text = ?, kind = ?, username = ?, url = ?,
                    tags = ?, custom_fields = ?, expires_on = ?, version = ?, secret_version = ?, has_secret = ?,
                    has_notes = ?, fingerprint = ?, strength = ?, updated_by = ?, updated_at = ?
                 WHERE id = ? AND version = ?
                """)) {
            int i = bindContent(s, 1, e);
            s.setObject(i++, e.updatedBy());
            s.setTimestamp(i++, Timestamp.from(e.updatedAt()));
            s.setObject(i++, e.id());
            s.setLong(i, expectedVersion);
            return s.executeUpdate() == 1;
        }
    }

    private static int bindContent(PreparedStatement s, int start, StoredEntry e) throws SQLException {
        int i = start;
        s.setString(i++, e.name());
        s.setString(i++, e.name().toLowerCase(Locale.ROOT));
        s.setString(i++, searchText(e));
        s.setString(i++, e.kind().name());
        s.setString(i++, e.username());
        s.setString(i++, e.url());
        s.setString(i++, e.tags().isEmpty() ? "" : "|" + String.join("|", e.tags()) + "|");
        s.setString(i++, writeCustomFields(e.customFields()));
        s.setDate(i++, e.expiresOn() == null ? null : Date.valueOf(e.expiresOn()));
        s.setLong(i++, e.version());
        s.setInt(i++, e.secretVersion());
        s.setBoolean(i++, e.hasSecret());
        s.setBoolean(i++, e.hasNotes());
        s.setString(i++, e.fingerprint());
        s.setObject(i++, e.strength());
        return i;
    }

    private static String searchText(StoredEntry e) {
        String text = e.name() + "\n" + (e.url() == null ? "" : e.url()) + "\n|" + String.join("|", e.tags()) + "|";
        return text.toLowerCase(Locale.ROOT);
    }

    @Override
    public Optional<StoredEntry> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + ENTRY_COLUMNS + " FROM vault_entry e WHERE e.id = ?")) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(mapEntry(r)) : Optional.empty();
            }
        }
    }

    @Override
    public List<VaultEntrySummary> search(Connection c, VaultSearch q) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT e.id, e.name, e.kind, e.username, e.url, e.tags, e.expires_on,"
                + " e.updated_at, e.deleted_at, ");
        List<Object> params = new ArrayList<>();
        if (q.visibleTo() == null) {
            sql.append("'WRITE' AS access");
        } else {
            sql.append(ACCESS_THROUGH_GROUPS).append(" AS access");
            params.add(q.visibleTo());
        }
        sql.append(" FROM vault_entry e WHERE e.deleted_at IS ").append(q.trash() ? "NOT NULL" : "NULL");
        if (q.visibleTo() != null) {
            sql.append(" AND EXISTS (SELECT 1 FROM vault_share s JOIN group_member m ON m.group_id = s.group_id"
                    + " WHERE s.entry_id = e.id AND m.user_id = ?)");
            params.add(q.visibleTo());
        }
        if (q.text() != null) {
            sql.append(" AND e.search_text LIKE ? ESCAPE '\\'");
            params.add("%" + likeEscape(q.text().toLowerCase(Locale.ROOT)) + "%");
        }
        if (q.tag() != null) {
            sql.append(" AND LOWER(e.tags) LIKE ? ESCAPE '\\'");
            params.add("%|" + likeEscape(q.tag().toLowerCase(Locale.ROOT)) + "|%");
        }
        if (q.kind() != null) {
            sql.append(" AND e.kind = ?");
            params.add(q.kind().name());
        }
        sql.append(" ORDER BY e.name_sort, e.id OFFSET ? ROWS FETCH NEXT ? ROWS ONLY");
        params.add(q.offset());
        params.add(q.limit() + 1);
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            List<VaultEntrySummary> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(new VaultEntrySummary(
                            r.getObject("id", UUID.class),
                            r.getString("name"),
                            EntryKind.valueOf(r.getString("kind")),
                            r.getString("username"),
                            r.getString("url"),
                            tags(r.getString("tags")),
                            localDate(r.getDate("expires_on")),
                            r.getTimestamp("updated_at").toInstant(),
                            instant(r.getTimestamp("deleted_at")),
                            AccessLevel.valueOf(r.getString("access"))));
                }
            }
            return result;
        }
    }

    private static String likeEscape(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    @Override
    public List<VaultShare> shares(Connection c, UUID entryId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT s.group_id, s.access_level FROM vault_share s JOIN app_group g ON g.id = s.group_id
                 WHERE s.entry_id = ? ORDER BY g.name_normalized
                """)) {
            s.setObject(1, entryId);
            List<VaultShare> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(new VaultShare(r.getObject(1, UUID.class), AccessLevel.valueOf(r.getString(2))));
                }
            }
            return result;
        }
    }

    @Override
    public void replaceShares(Connection c, UUID entryId, List<VaultShare> shares) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM vault_share WHERE entry_id = ?")) {
            s.setObject(1, entryId);
            s.executeUpdate();
        }
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO vault_share (entry_id, group_id, access_level) VALUES (?, ?, ?)")) {
            for (VaultShare share : shares) {
                s.setObject(1, entryId);
                s.setObject(2, share.groupId());
                s.setString(3, share.access().name());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    @Override
    public AccessLevel accessOf(Connection c, UUID entryId, UUID userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT MAX(s.access_level) FROM vault_share s JOIN group_member m ON m.group_id = s.group_id
                 WHERE s.entry_id = ? AND m.user_id = ?
                """)) {
            s.setObject(1, entryId);
            s.setObject(2, userId);
            try (ResultSet r = s.executeQuery()) {
                String level = r.next() ? r.getString(1) : null;
                return level == null ? AccessLevel.NONE : AccessLevel.valueOf(level);
            }
        }
    }

    @Override
    public List<UUID> missingGroups(Connection c, List<UUID> groupIds) throws SQLException {
        List<UUID> missing = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM app_group WHERE id = ?")) {
            for (UUID id : groupIds) {
                s.setObject(1, id);
                try (ResultSet r = s.executeQuery()) {
                    if (!r.next()) {
                        missing.add(id);
                    }
                }
            }
        }
        return missing;
    }

    @Override
    public List<UUID> groupsOf(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT group_id FROM group_member WHERE user_id = ?")) {
            s.setObject(1, userId);
            List<UUID> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(r.getObject(1, UUID.class));
                }
            }
            return result;
        }
    }

    @Override
    public void insertValue(Connection c, StoredValue v, boolean current, UUID by, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO vault_value (entry_id, field, version, is_current, key_id, ciphertext, created_by, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            s.setObject(1, v.entryId());
            s.setString(2, v.field());
            s.setInt(3, v.version());
            s.setBoolean(4, current);
            s.setLong(5, v.keyId());
            s.setBytes(6, v.ciphertext());
            s.setObject(7, by);
            s.setTimestamp(8, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    @Override
    public void retireValues(Connection c, UUID entryId, String field) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE vault_value SET is_current = FALSE WHERE entry_id = ? AND field = ? AND is_current")) {
            s.setObject(1, entryId);
            s.setString(2, field);
            s.executeUpdate();
        }
    }

    @Override
    public void deleteValues(Connection c, UUID entryId, String field) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM vault_value WHERE entry_id = ? AND field = ?")) {
            s.setObject(1, entryId);
            s.setString(2, field);
            s.executeUpdate();
        }
    }

    @Override
    public Optional<StoredValue> currentValue(Connection c, UUID entryId, String field) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT entry_id, field, version, key_id, ciphertext FROM vault_value
                 WHERE entry_id = ? AND field = ? AND is_current
                """)) {
            s.setObject(1, entryId);
            s.setString(2, field);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(mapValue(r)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<StoredValue> value(Connection c, UUID entryId, String field, int version) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT entry_id, field, version, key_id, ciphertext FROM vault_value
                 WHERE entry_id = ? AND field = ? AND version = ?
                """)) {
            s.setObject(1, entryId);
            s.setString(2, field);
            s.setInt(3, version);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(mapValue(r)) : Optional.empty();
            }
        }
    }

    @Override
    public List<SecretVersion> versions(Connection c, UUID entryId, String field) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT v.version, v.created_by, u.email, v.created_at, v.is_current
                  FROM vault_value v LEFT JOIN app_user u ON u.id = v.created_by
                 WHERE v.entry_id = ? AND v.field = ? ORDER BY v.version DESC
                """)) {
            s.setObject(1, entryId);
            s.setString(2, field);
            List<SecretVersion> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(new SecretVersion(
                            r.getInt(1),
                            r.getObject(2, UUID.class),
                            r.getString(3),
                            r.getTimestamp(4).toInstant(),
                            r.getBoolean(5)));
                }
            }
            return result;
        }
    }

    @Override
    public void pruneVersions(Connection c, UUID entryId, String field, int keep) throws SQLException {
        List<Integer> versions = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(
                "SELECT version FROM vault_value WHERE entry_id = ? AND field = ? ORDER BY version DESC")) {
            s.setObject(1, entryId);
            s.setString(2, field);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    versions.add(r.getInt(1));
                }
            }
        }
        if (versions.size() <= keep) {
            return;
        }
        try (PreparedStatement s = c.prepareStatement(
                "DELETE FROM vault_value WHERE entry_id = ? AND field = ? AND version <= ? AND NOT is_current")) {
            s.setObject(1, entryId);
            s.setString(2, field);
            s.setInt(3, versions.get(keep));
            s.executeUpdate();
        }
    }

    @Override
    public void setDeleted(Connection c, UUID id, Instant at, UUID by) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE vault_entry SET deleted_at = ?, deleted_by = ?, version = version + 1 WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setObject(2, by);
            s.setObject(3, id);
            s.executeUpdate();
        }
    }

    @Override
    public void clearDeleted(Connection c, UUID id, long newVersion, Instant at, UUID by) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE vault_entry SET deleted_at = NULL, deleted_by = NULL, version = ?, updated_at = ?, updated_by = ?
                 WHERE id = ?
                """)) {
            s.setLong(1, newVersion);
            s.setTimestamp(2, Timestamp.from(at));
            s.setObject(3, by);
            s.setObject(4, id);
            s.executeUpdate();
        }
    }

    @Override
    public void delete(Connection c, UUID id) throws SQLException {
        for (String table : List.of("vault_value", "vault_share")) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE entry_id = ?")) {
                s.setObject(1, id);
                s.executeUpdate();
            }
        }
        try (PreparedStatement s = c.prepareStatement("DELETE FROM vault_entry WHERE id = ?")) {
            s.setObject(1, id);
            s.executeUpdate();
        }
    }

    @Override
    public List<UUID> trashedBefore(Connection c, Instant before, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT id FROM vault_entry WHERE deleted_at < ? ORDER BY deleted_at FETCH FIRST ? ROWS ONLY")) {
            s.setTimestamp(1, Timestamp.from(before));
            s.setInt(2, limit);
            List<UUID> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(r.getObject(1, UUID.class));
                }
            }
            return result;
        }
    }

    @Override
    public List<HealthRow> healthRows(Connection c, UUID visibleTo) throws SQLException {
        String sql = "SELECT e.id, e.name, e.kind, e.expires_on, e.fingerprint, e.strength FROM vault_entry e"
                + " WHERE e.deleted_at IS NULL"
                + (visibleTo == null
                        ? ""
                        : " AND EXISTS (SELECT 1 FROM vault_share s JOIN group_member m ON m.group_id = s.group_id"
                                + " WHERE s.entry_id = e.id AND m.user_id = ?)")
                + " ORDER BY e.name_sort, e.id";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            if (visibleTo != null) {
                s.setObject(1, visibleTo);
            }
            return healthRows(s);
        }
    }

    @Override
    public List<HealthRow> dueForReminder(Connection c, LocalDate until, LocalDate today, int limit)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT e.id, e.name, e.kind, e.expires_on, e.fingerprint, e.strength FROM vault_entry e
                 WHERE e.deleted_at IS NULL AND e.expires_on <= ? AND (e.reminded_on IS NULL OR e.reminded_on < ?)
                 ORDER BY e.expires_on FETCH FIRST ? ROWS ONLY
                """)) {
            s.setDate(1, Date.valueOf(until));
            s.setDate(2, Date.valueOf(today));
            s.setInt(3, limit);
            return healthRows(s);
        }
    }

    private static List<HealthRow> healthRows(PreparedStatement s) throws SQLException {
        List<HealthRow> result = new ArrayList<>();
        try (ResultSet r = s.executeQuery()) {
            while (r.next()) {
                result.add(new HealthRow(
                        r.getObject(1, UUID.class),
                        r.getString(2),
                        EntryKind.valueOf(r.getString(3)),
                        localDate(r.getDate(4)),
                        r.getString(5),
                        (Integer) r.getObject(6)));
            }
        }
        return result;
    }

    @Override
    public void markReminded(Connection c, UUID id, LocalDate today) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE vault_entry SET reminded_on = ? WHERE id = ?")) {
            s.setDate(1, Date.valueOf(today));
            s.setObject(2, id);
            s.executeUpdate();
        }
    }

    @Override
    public Map<Long, Long> valuesPerKey(Connection c) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT key_id, COUNT(*) FROM vault_value GROUP BY key_id ORDER BY key_id")) {
            Map<Long, Long> result = new LinkedHashMap<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.put(r.getLong(1), r.getLong(2));
                }
            }
            return result;
        }
    }

    @Override
    public List<StoredValue> valuesNotUnder(Connection c, long keyId, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT entry_id, field, version, key_id, ciphertext FROM vault_value
                 WHERE key_id <> ? FETCH FIRST ? ROWS ONLY
                """)) {
            s.setLong(1, keyId);
            s.setInt(2, limit);
            List<StoredValue> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(mapValue(r));
                }
            }
            return result;
        }
    }

    @Override
    public boolean reseal(Connection c, StoredValue old, long keyId, byte[] ciphertext) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE vault_value SET key_id = ?, ciphertext = ?
                 WHERE entry_id = ? AND field = ? AND version = ? AND key_id = ?
                """)) {
            s.setLong(1, keyId);
            s.setBytes(2, ciphertext);
            s.setObject(3, old.entryId());
            s.setString(4, old.field());
            s.setInt(5, old.version());
            s.setLong(6, old.keyId());
            return s.executeUpdate() == 1;
        }
    }

    private static StoredValue mapValue(ResultSet r) throws SQLException {
        return new StoredValue(r.getObject(1, UUID.class), r.getString(2), r.getInt(3), r.getLong(4), r.getBytes(5));
    }

    private static StoredEntry mapEntry(ResultSet r) throws SQLException {
        return new StoredEntry(
                r.getObject("id", UUID.class),
                r.getString("name"),
                EntryKind.valueOf(r.getString("kind")),
                r.getString("username"),
                r.getString("url"),
                tags(r.getString("tags")),
                readCustomFields(r.getString("custom_fields")),
                localDate(r.getDate("expires_on")),
                r.getLong("version"),
                r.getInt("secret_version"),
                r.getBoolean("has_secret"),
                r.getBoolean("has_notes"),
                r.getString("fingerprint"),
                (Integer) r.getObject("strength"),
                r.getObject("created_by", UUID.class),
                r.getTimestamp("created_at").toInstant(),
                r.getObject("updated_by", UUID.class),
                r.getTimestamp("updated_at").toInstant(),
                instant(r.getTimestamp("deleted_at")));
    }

    private static List<String> tags(String stored) {
        if (stored == null || stored.length() < 2) {
            return List.of();
        }
        Set<String> seen = new HashSet<>();
        return Arrays.stream(stored.substring(1, stored.length() - 1).split("\\|"))
                .filter(t -> !t.isEmpty() && seen.add(t))
                .toList();
    }

    private static String writeCustomFields(List<CustomField> fields) {
        try {
            return Json.lenient().writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Custom fields could not be written", e);
        }
    }

    private static List<CustomField> readCustomFields(String json) {
        try {
            return Json.lenient().readValue(json, CUSTOM_FIELDS);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("Stored custom fields could not be read", e);
        }
    }

    private static LocalDate localDate(Date date) {
        return date == null ? null : date.toLocalDate();
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
