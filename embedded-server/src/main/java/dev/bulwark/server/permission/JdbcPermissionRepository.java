package dev.bulwark.server.permission;

import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Module;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/** {@link PermissionRepository} over JDBC; H2 and PostgreSQL share the SQL. */
public final class JdbcPermissionRepository implements PermissionRepository {
    @Override
    public long version(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT version FROM permissions_version WHERE id = 1");
                ResultSet r = s.executeQuery()) {
            if (!r.next()) {
                throw new SQLException("The permissions version row is missing");
            }
            return r.getLong(1);
        }
    }

    @Override
    public void bumpVersion(Connection c) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE permissions_version SET version = version + 1 WHERE id = 1")) {
            s.executeUpdate();
        }
    }

    @Override
    public Map<Module, AccessLevel> userGrants(Connection c, UUID userId) throws SQLException {
        return grants(c, "SELECT module, access_level FROM user_grant WHERE user_id = ?", userId);
    }

    @Override
    public void replaceUserGrants(Connection c, UUID userId, Map<Module, AccessLevel> grants) throws SQLException {
        replace(c, "user_grant", "user_id", userId, grants);
    }

    @Override
    public Map<Module, AccessLevel> groupGrants(Connection c, UUID groupId) throws SQLException {
        return grants(c, "SELECT module, access_level FROM group_grant WHERE group_id = ?", groupId);
    }

    @Override
    public void replaceGroupGrants(Connection c, UUID groupId, Map<Module, AccessLevel> grants) throws SQLException {
        replace(c, "group_grant", "group_id", groupId, grants);
    }

    @Override
    public List<GroupGrant> grantsThroughGroups(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT g.id, g.name, gg.module, gg.access_level
                  FROM group_member m
                  JOIN app_group g ON g.id = m.group_id
                  JOIN group_grant gg ON gg.group_id = g.id
                 WHERE m.user_id = ?
                """)) {
            s.setObject(1, userId);
            List<GroupGrant> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(new GroupGrant(
                            r.getObject(1, UUID.class),
                            r.getString(2),
                            Module.valueOf(r.getString(3)),
                            AccessLevel.valueOf(r.getString(4))));
                }
            }
            return result;
        }
    }

    private static Map<Module, AccessLevel> grants(Connection c, String sql, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            Map<Module, AccessLevel> result = new EnumMap<>(Module.class);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.put(Module.valueOf(r.getString(1)), AccessLevel.valueOf(r.getString(2)));
                }
            }
            return result;
        }
    }

    /** {@code table} and {@code owner} are constants of this class, never input. */
    private static void replace(Connection c, String table, String owner, UUID id, Map<Module, AccessLevel> grants)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE " + owner + " = ?")) {
            s.setObject(1, id);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO " + table + " (" + owner + ", module, access_level) VALUES (?, ?, ?)")) {
            for (Map.Entry<Module, AccessLevel> e : grants.entrySet()) {
                if (e.getValue() == AccessLevel.NONE) {
                    continue;
                }
                s.setObject(1, id);
                s.setString(2, e.getKey().name());
                s.setString(3, e.getValue().name());
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    @Override
    public Map<UUID, AccessLevel> vaultSharesOfUser(Connection c, UUID userId) throws SQLException {
        return shares(c, """
                SELECT s.entry_id, MAX(s.access_level)
                  FROM vault_share s JOIN group_member m ON m.group_id = s.group_id
                 WHERE m.user_id = ?
                 GROUP BY s.entry_id
                """, userId);
    }

    @Override
    public Map<UUID, AccessLevel> vaultSharesOfGroup(Connection c, UUID groupId) throws SQLException {
        return shares(c, "SELECT entry_id, access_level FROM vault_share WHERE group_id = ?", groupId);
    }

    // 'WRITE' sorts after 'READ', so MAX picks the higher level.
    private static Map<UUID, AccessLevel> shares(Connection c, String sql, UUID id) throws SQLException {
        Map<UUID, AccessLevel> shares = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    shares.put(r.getObject(1, UUID.class), AccessLevel.valueOf(r.getString(2)));
                }
            }
        }
        return shares;
    }
}
