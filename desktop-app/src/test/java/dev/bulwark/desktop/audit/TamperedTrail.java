package dev.bulwark.desktop.audit;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * Out-of-band changes to a stopped embedded server's H2 file, the way someone with access to the disk would make
 * them: the append-only triggers are dropped first, then the trail is rewritten.
 */
final class TamperedTrail {
    private TamperedTrail() {}

    /**
     * Removes every record after {@code keep} together with its checkpoints and moves the head back, so the
     * shortened chain verifies as intact on its own.
     */
    static void cutAfter(Path dataDirectory, long keep) throws SQLException {
        try (Connection c = open(dataDirectory)) {
            dropAppendOnlyTriggers(c);
            update(c, "DELETE FROM audit_event WHERE seq > ?", keep);
            update(c, "DELETE FROM audit_checkpoint WHERE seq > ?", keep);
            update(c, """
                    UPDATE audit_head SET last_seq = ?,
                        last_hash = (SELECT hash FROM audit_event WHERE seq = ?),
                        last_checkpoint_seq = COALESCE((SELECT MAX(seq) FROM audit_checkpoint), 0)
                    """, keep, keep);
        }
    }

    /** Changes one field of record {@code seq} in place, leaving its stored hash as it was. */
    static void changeActorEmail(Path dataDirectory, long seq, String email) throws SQLException {
        try (Connection c = open(dataDirectory)) {
            dropAppendOnlyTriggers(c);
            update(c, "UPDATE audit_event SET actor_email = ? WHERE seq = ?", email, seq);
        }
    }

    private static Connection open(Path dataDirectory) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDirectory.resolve("bulwark"), "bulwark", "");
    }

    private static void dropAppendOnlyTriggers(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS audit_event_append_only");
            s.execute("DROP TRIGGER IF EXISTS audit_checkpoint_append_only");
        }
    }

    private static void update(Connection c, String sql, Object... params) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(sql)) {
            for (int i = 0; i < params.length; i++) {
                s.setObject(i + 1, params[i]);
            }
            s.executeUpdate();
        }
    }
}
