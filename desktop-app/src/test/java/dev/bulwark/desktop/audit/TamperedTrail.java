package dev.bulwark.desktop.audit;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import dev.bulwark.desktop.TestServer;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.crypto.EcKeySealer;
import dev.bulwark.server.crypto.JdbcKeySetRepository;
import dev.bulwark.server.crypto.KeySets;
import dev.bulwark.server.crypto.MasterKey;
import dev.bulwark.server.db.Database;
import dev.bulwark.server.db.Transactions;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

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

    /**
     * What someone holding the master key can do: makes a new checkpoint key sealed under the server's own key set
     * (so the server takes it for one it made and signs with it from its next start) and re-signs the newest
     * checkpoint with it. The server's own verification then still passes.
     *
     * @return the new key's id
     */
    static String resignNewestCheckpointWithANewKey(Path dataDirectory) throws SQLException {
        ECKey key = EcKeySealer.generate(Instant.now());
        String sealed;
        try (Database database = Database.open(ServerSettings.embedded(dataDirectory, TestServer.ENVIRONMENT))) {
            Transactions tx = new Transactions(database);
            KeySets keySets = KeySets.load(
                    tx,
                    new JdbcKeySetRepository(),
                    MasterKey.load(Optional.empty(), dataDirectory, false),
                    java.time.Clock.systemUTC());
            sealed = new EcKeySealer(keySets.serverAead(), "bulwark:audit-key").seal(key);
        }
        try (Connection c = open(dataDirectory)) {
            dropAppendOnlyTriggers(c);
            update(
                    c,
                    "INSERT INTO audit_signing_key (kid, algorithm, public_jwk, encrypted_private_jwk, created_at)"
                            + " VALUES (?, 'ES256', ?, ?, CURRENT_TIMESTAMP)",
                    key.getKeyID(),
                    key.toPublicJWK().toJSONString(),
                    sealed);
            long seq;
            String hash;
            OffsetDateTime at;
            try (PreparedStatement s = c.prepareStatement(
                            "SELECT seq, hash, created_at FROM audit_checkpoint ORDER BY seq DESC FETCH FIRST 1 ROWS ONLY");
                    ResultSet r = s.executeQuery()) {
                r.next();
                seq = r.getLong(1);
                hash = r.getString(2);
                at = r.getObject(3, OffsetDateTime.class);
            }
            Map<String, Object> payload = new LinkedHashMap<>();
            payload.put("seq", seq);
            payload.put("hash", hash);
            payload.put("createdAt", DateTimeFormatter.ISO_INSTANT.format(at.toInstant()));
            JWSObject jws = new JWSObject(
                    new JWSHeader.Builder(JWSAlgorithm.ES256)
                            .keyID(key.getKeyID())
                            .type(new JOSEObjectType("bulwark-audit-checkpoint+jws"))
                            .build(),
                    new Payload(payload));
            try {
                jws.sign(new ECDSASigner(key));
            } catch (JOSEException e) {
                throw new IllegalStateException(e);
            }
            update(
                    c,
                    "UPDATE audit_checkpoint SET key_id = ?, signature = ? WHERE seq = ?",
                    key.getKeyID(),
                    jws.serialize(),
                    seq);
        }
        return key.getKeyID();
    }

    private static Connection open(Path dataDirectory) throws SQLException {
        return DriverManager.getConnection("jdbc:h2:file:" + dataDirectory.resolve("bulwark"), "bulwark", "");
    }

    private static void dropAppendOnlyTriggers(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute("DROP TRIGGER IF EXISTS audit_event_append_only");
            s.execute("DROP TRIGGER IF EXISTS audit_checkpoint_append_only");
            s.execute("DROP TRIGGER IF EXISTS audit_signing_key_append_only");
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
