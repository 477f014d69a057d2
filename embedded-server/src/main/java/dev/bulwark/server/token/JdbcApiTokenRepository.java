package dev.bulwark.server.token;

import dev.bulwark.model.permission.Module;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

/** {@link ApiTokenRepository} over JDBC. */
public final class JdbcApiTokenRepository implements ApiTokenRepository {
    private static final String COLUMNS = """
            id, user_id, name, created_at, expires_at, modules, read_only, last_used_at, last_used_ip, revoked_at
            """;

    @Override
    public void insert(Connection c, StoredApiToken token, String tokenHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("""
                INSERT INTO api_token (id, user_id, token_hash, name, created_at, expires_at, modules, read_only)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                """)) {
            s.setObject(1, token.id());
            s.setObject(2, token.userId());
            s.setString(3, tokenHash);
            s.setString(4, token.name());
            s.setTimestamp(5, Timestamp.from(token.createdAt()));
            s.setTimestamp(6, Timestamp.from(token.expiresAt()));
            s.setString(7, modulesText(token.modules()));
            s.setBoolean(8, token.readOnly());
            s.executeUpdate();
        }
    }

    @Override
    public Optional<StoredApiToken> findByHash(Connection c, String tokenHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM api_token WHERE token_hash = ?")) {
            s.setString(1, tokenHash);
            return single(s);
        }
    }

    @Override
    public Optional<StoredApiToken> find(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + " FROM api_token WHERE id = ?")) {
            s.setObject(1, id);
            return single(s);
        }
    }

    @Override
    public List<StoredApiToken> listUnrevokedOfUser(Connection c, UUID userId) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT " + COLUMNS + """
                  FROM api_token
                 WHERE user_id = ? AND revoked_at IS NULL
                 ORDER BY created_at DESC, id
                """)) {
            s.setObject(1, userId);
            List<StoredApiToken> result = new ArrayList<>();
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    result.add(map(r));
                }
            }
            return result;
        }
    }

    @Override
    public int countUsableOfUser(Connection c, UUID userId, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT COUNT(*) FROM api_token WHERE user_id = ? AND revoked_at IS NULL AND expires_at > ?")) {
            s.setObject(1, userId);
            s.setTimestamp(2, Timestamp.from(now));
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        }
    }

    @Override
    public void touch(Connection c, UUID id, Instant at, String ip) throws SQLException {
        try (PreparedStatement s =
                c.prepareStatement("UPDATE api_token SET last_used_at = ?, last_used_ip = ? WHERE id = ?")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, ip);
            s.setObject(3, id);
            s.executeUpdate();
        }
    }

    @Override
    public boolean revoke(Connection c, UUID id, String reason, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE api_token SET revoked_at = ?, revoked_reason = ? WHERE id = ? AND revoked_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, reason);
            s.setObject(3, id);
            return s.executeUpdate() == 1;
        }
    }

    @Override
    public int revokeAllOfUser(Connection c, UUID userId, String reason, Instant at) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE api_token SET revoked_at = ?, revoked_reason = ? WHERE user_id = ? AND revoked_at IS NULL")) {
            s.setTimestamp(1, Timestamp.from(at));
            s.setString(2, reason);
            s.setObject(3, userId);
            return s.executeUpdate();
        }
    }

    private static Optional<StoredApiToken> single(PreparedStatement s) throws SQLException {
        try (ResultSet r = s.executeQuery()) {
            return r.next() ? Optional.of(map(r)) : Optional.empty();
        }
    }

    private static String modulesText(Set<Module> modules) {
        return modules == null
                ? null
                : modules.stream().sorted().map(Module::name).collect(Collectors.joining(","));
    }

    private static Set<Module> modules(String text) {
        if (text == null) {
            return null;
        }
        Set<Module> modules = EnumSet.noneOf(Module.class);
        Arrays.stream(text.split(",")).map(Module::valueOf).forEach(modules::add);
        return modules;
    }

    private static StoredApiToken map(ResultSet r) throws SQLException {
        return new StoredApiToken(
                r.getObject("id", UUID.class),
                r.getObject("user_id", UUID.class),
                r.getString("name"),
                r.getTimestamp("created_at").toInstant(),
                r.getTimestamp("expires_at").toInstant(),
                modules(r.getString("modules")),
                r.getBoolean("read_only"),
                instant(r.getTimestamp("last_used_at")),
                r.getString("last_used_ip"),
                instant(r.getTimestamp("revoked_at")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
