package dev.bulwark.server.group;

import dev.bulwark.model.group.Group;
import dev.bulwark.model.group.GroupMember;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/** {@link GroupRepository} over JDBC; H2 and PostgreSQL share the SQL. */
public final class JdbcGroupRepository implements GroupRepository {
    private static final String SELECT = """
            SELECT g.id, g.name, g.description, g.created_at, g.updated_at, g.version,
                   (SELECT COUNT(*) FROM group_member m WHERE m.group_id = g.id) AS member_count
              FROM app_group g
            """;

    @Override
    public List<Group> list(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " ORDER BY g.name_normalized")) {
            List<Group> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(map(r));
                }
            }
            return result;
        }
    }

    @Override
    public Optional<Group> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(SELECT + " WHERE g.id = ?")) {
            s.setObject(1, id);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? Optional.of(map(r)) : Optional.empty();
            }
        }
    }

    @Override
    public boolean nameTaken(Connection c, String name, UUID except) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT 1 FROM app_group WHERE name_normalized = ? AND (CAST(? AS UUID) IS NULL OR id <> ?)")) {
            s.setString(1, normalize(name));
            s.setObject(2, except);
            s.setObject(3, except);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    @Override
    public void insert(Connection c, UUID id, String name, String description, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO app_group (id, name, name_normalized, description, created_at, updated_at, version)
                VALUES (?, ?, ?, ?, ?, ?, 1)
                """)) {
            s.setObject(1, id);
            s.setString(2, name);
            s.setString(3, normalize(name));
            s.setString(4, description);
            s.setTimestamp(5, Timestamp.from(at));
            s.setTimestamp(6, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    @Override
    public boolean update(Connection c, UUID id, long expectedVersion, String name, String description, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE app_group
                   SET name = ?, name_normalized = ?, description = ?, updated_at = ?, version = version + 1
                 WHERE id = ? AND version = ?
                """)) {
            s.setString(1, name);
            s.setString(2, normalize(name));
            s.setString(3, description);
            s.setTimestamp(4, Timestamp.from(at));
            s.setObject(5, id);
            s.setLong(6, expectedVersion);
            return s.executeUpdate() == 1;
        }
    }

    @Override
    public boolean delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM app_group WHERE id = ?")) {
            s.setObject(1, id);
            return s.executeUpdate() == 1;
        }
    }

    @Override
    public List<GroupMember> members(Connection c, UUID groupId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                SELECT u.id, u.email, u.display_name, m.added_at
                  FROM group_member m JOIN app_user u ON u.id = m.user_id
                 WHERE m.group_id = ?
                 ORDER BY u.email_normalized
                """)) {
            s.setObject(1, groupId);
            List<GroupMember> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(new GroupMember(
                            r.getObject(1, UUID.class),
                            r.getString(2),
                            r.getString(3),
                            r.getTimestamp(4).toInstant()));
                }
            }
            return result;
        }
    }

    @Override
    public boolean isMember(Connection c, UUID groupId, UUID userId) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT 1 FROM group_member WHERE group_id = ? AND user_id = ?")) {
            s.setObject(1, groupId);
            s.setObject(2, userId);
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    @Override
    public void addMember(Connection c, UUID groupId, UUID userId, Instant at) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("INSERT INTO group_member (group_id, user_id, added_at) VALUES (?, ?, ?)")) {
            s.setObject(1, groupId);
            s.setObject(2, userId);
            s.setTimestamp(3, Timestamp.from(at));
            s.executeUpdate();
        }
    }

    @Override
    public boolean removeMember(Connection c, UUID groupId, UUID userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM group_member WHERE group_id = ? AND user_id = ?")) {
            s.setObject(1, groupId);
            s.setObject(2, userId);
            return s.executeUpdate() == 1;
        }
    }

    private static String normalize(String name) {
        return name.strip().toLowerCase(Locale.ROOT);
    }

    private static Group map(ResultSet r) throws SQLException {
        return new Group(
                r.getObject("id", UUID.class),
                r.getString("name"),
                r.getString("description"),
                r.getInt("member_count"),
                r.getTimestamp("created_at").toInstant(),
                r.getTimestamp("updated_at").toInstant(),
                r.getLong("version"));
    }
}
