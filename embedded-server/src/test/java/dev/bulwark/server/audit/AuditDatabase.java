package dev.bulwark.server.audit;

import dev.bulwark.model.Secret;
import dev.bulwark.server.crypto.Pbkdf2PasswordHasher;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.UUID;

/**
 * Out-of-band access to a stopped server's H2 file, the way someone with access to the disk would have it: for
 * arranging states the API cannot make and for tampering with the trail.
 */
public final class AuditDatabase implements AutoCloseable {
    private final Connection connection;

    private AuditDatabase(Connection connection) {
        this.connection = connection;
    }

    public static AuditDatabase open(Path dataDir) throws SQLException {
        return new AuditDatabase(dev.bulwark.server.TestDatabase.connect(dataDir));
    }

    Connection connection() {
        return connection;
    }

    public int update(String sql, Object... params) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            return s.executeUpdate();
        }
    }

    public String string(String sql, Object... params) throws SQLException {
        try (PreparedStatement s = connection.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            try (var r = s.executeQuery()) {
                return r.next() ? r.getString(1) : null;
            }
        }
    }

    /** What an attacker with the file does first: removes the append-only triggers. */
    public void dropAppendOnlyTriggers() throws SQLException {
        dropTrigger("audit_event_append_only", "audit_event");
        dropTrigger("audit_checkpoint_append_only", "audit_checkpoint");
    }

    /** Drops one trigger, in the dialect of the database. */
    void dropTrigger(String trigger, String table) throws SQLException {
        boolean postgresql = connection.getMetaData().getDatabaseProductName().startsWith("PostgreSQL");
        try (Statement s = connection.createStatement()) {
            s.execute("DROP TRIGGER " + trigger + (postgresql ? " ON " + table : ""));
        }
    }

    /** Inserts a user of role USER directly, since this slice has no API to create one. */
    UUID insertUser(String email, String password) throws SQLException {
        UUID id = UUID.randomUUID();
        String hash;
        try (Pbkdf2PasswordHasher hasher = new Pbkdf2PasswordHasher(1000, 1)) {
            hash = hasher.hash(Secret.of(password));
        }
        Timestamp now = Timestamp.from(Instant.now());
        update(
                """
                INSERT INTO app_user (id, email, email_normalized, display_name, role, enabled, password_hash,
                                      password_change_required, created_at, updated_at, version, search_text)
                VALUES (?, ?, ?, 'Uma User', 'USER', TRUE, ?, FALSE, ?, ?, 1, ?)
                """,
                id,
                email,
                email.toLowerCase(java.util.Locale.ROOT),
                hash,
                now,
                now,
                email.toLowerCase(java.util.Locale.ROOT) + "\u001fuma user");
        return id;
    }

    @Override
    public void close() throws SQLException {
        connection.close();
    }
}
