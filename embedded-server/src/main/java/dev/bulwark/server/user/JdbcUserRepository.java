package dev.bulwark.server.user;

import dev.bulwark.model.user.Role;
import dev.bulwark.model.user.User;
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

/** {@link UserRepository} over JDBC; H2 and PostgreSQL share the SQL. */
public final class JdbcUserRepository implements UserRepository {
    private static final char SEARCH_SEPARATOR = '\u001f';
    private static final String COLUMNS = """
            id, email, display_name, role, enabled, password_hash, password_change_required,
            created_at, updated_at, last_login_at, version
            """;

    @Override
    public Optional<UserAccount> findByEmail(Connection c, String email) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("SELECT " + COLUMNS + " FROM app_user WHERE email_normalized = ?")) {
            s.setString(1, normalize(email));
            return one(s);
        }
    }

    @Override
    public Optional<UserAccount> findById(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM app_user WHERE id = ?")) {
            s.setObject(1, id);
            return one(s);
        }
    }

    @Override
    public void insert(Connection c, User user, String passwordHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO app_user (id, email, email_normalized, display_name, role, enabled, password_hash,
                                      password_change_required, created_at, updated_at, last_login_at, version,
                                      search_text)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, 1, ?)
                """)) {
            s.setObject(1, user.id());
            s.setString(2, user.email());
            s.setString(3, normalize(user.email()));
            s.setString(4, user.displayName());
            s.setString(5, user.role().name());
            s.setBoolean(6, user.enabled());
            s.setString(7, passwordHash);
            s.setBoolean(8, user.passwordChangeRequired());
            s.setTimestamp(9, Timestamp.from(user.createdAt()));
            s.setTimestamp(10, Timestamp.from(user.updatedAt()));
            s.setString(11, searchText(user.email(), user.displayName()));
            s.executeUpdate();
        }
    }

    @Override
    public boolean emailExists(Connection c, String email) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM app_user WHERE email_normalized = ?")) {
            s.setString(1, normalize(email));
            try (ResultSet r = s.executeQuery()) {
                return r.next();
            }
        }
    }

    @Override
    public void recordLogin(Connection c, UUID id, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE app_user SET last_login_at = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setObject(2, id);
            s.executeUpdate();
        }
    }

    @Override
    public void updatePasswordHash(Connection c, UUID id, String passwordHash, boolean changeRequired, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE app_user
                   SET password_hash = ?, password_change_required = ?, updated_at = ?, version = version + 1
                 WHERE id = ?
                """)) {
            s.setString(1, passwordHash);
            s.setBoolean(2, changeRequired);
            s.setTimestamp(3, Timestamp.from(at));
            s.setObject(4, id);
            s.executeUpdate();
        }
    }

    @Override
    public List<UserAccount> search(Connection c, String query, String afterEmail, int limit) throws SQLException {
        String pattern = "%" + escapeLike(query.strip().toLowerCase(Locale.ROOT)) + "%";
        // Walks the (email, search text) index in order, tests each entry without reading its row, and stops after
        // `limit` matches. Ordering by both columns (emails are unique, so the order is the email order) is what
        // makes the database walk that index rather than the email constraint's (V12). Without a cursor the range
        // condition is left out, since an "IS NULL OR" around it keeps H2 from starting the walk at the cursor.
        String sql = "SELECT " + COLUMNS + " FROM app_user WHERE search_text LIKE ? ESCAPE '\\'"
                + (afterEmail == null ? "" : " AND email_normalized > ?")
                + " ORDER BY email_normalized, search_text LIMIT ?";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            int i = 1;
            s.setString(i++, pattern);
            if (afterEmail != null) {
                s.setString(i++, normalize(afterEmail));
            }
            s.setInt(i, limit);
            List<UserAccount> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(map(r));
                }
            }
            return result;
        }
    }

    @Override
    public boolean update(
            Connection c, UUID id, long expectedVersion, String email, String displayName, Role role, Instant at)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                UPDATE app_user
                   SET email = ?, email_normalized = ?, display_name = ?, role = ?, updated_at = ?,
                       search_text = ?, version = version + 1
                 WHERE id = ? AND version = ?
                """)) {
            s.setString(1, email);
            s.setString(2, normalize(email));
            s.setString(3, displayName);
            s.setString(4, role.name());
            s.setTimestamp(5, Timestamp.from(at));
            s.setString(6, searchText(email, displayName));
            s.setObject(7, id);
            s.setLong(8, expectedVersion);
            return s.executeUpdate() == 1;
        }
    }

    @Override
    public void setEnabled(Connection c, UUID id, boolean enabled, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE app_user SET enabled = ?, updated_at = ?, version = version + 1 WHERE id = ?")) {
            s.setBoolean(1, enabled);
            s.setTimestamp(2, Timestamp.from(at));
            s.setObject(3, id);
            s.executeUpdate();
        }
    }

    @Override
    public boolean delete(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM app_user WHERE id = ?")) {
            s.setObject(1, id);
            return s.executeUpdate() == 1;
        }
    }

    @Override
    public int countEnabledAdmins(Connection c) throws SQLException {
        try (PreparedStatement s =
                        c.prepareStatement("SELECT COUNT(*) FROM app_user WHERE role = 'ADMIN' AND enabled = TRUE");
                ResultSet r = s.executeQuery()) {
            r.next();
            return r.getInt(1);
        }
    }

    private static String escapeLike(String text) {
        return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    /** What a substring search looks in: the normalised email and the lower-cased name, kept apart. */
    private static String searchText(String email, String displayName) {
        return normalize(email) + SEARCH_SEPARATOR + displayName.toLowerCase(Locale.ROOT);
    }

    /** The form in which emails are compared: trimmed and lower-cased. */
    static String normalize(String email) {
        return email.strip().toLowerCase(Locale.ROOT);
    }

    private static Optional<UserAccount> one(PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(map(r)) : Optional.empty();
        }
    }

    private static UserAccount map(ResultSet r) throws SQLException {
        User user = new User(
                r.getObject("id", UUID.class),
                r.getString("email"),
                r.getString("display_name"),
                Role.valueOf(r.getString("role")),
                r.getBoolean("enabled"),
                r.getBoolean("password_change_required"),
                instant(r, "created_at"),
                instant(r, "updated_at"),
                instant(r, "last_login_at"));
        return new UserAccount(user, r.getString("password_hash"), r.getLong("version"));
    }

    private static Instant instant(ResultSet r, String column) throws SQLException {
        Timestamp t = r.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }
}
