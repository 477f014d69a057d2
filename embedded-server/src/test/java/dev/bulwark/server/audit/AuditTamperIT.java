package dev.bulwark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.ChainProblem;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerProcess;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.crypto.EcKeySealer;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone with access to the stopped server's database file removes the append-only triggers and rewrites the
 * trail; every kind of rewrite is detected.
 */
class AuditTamperIT {
    /**
     * Records in the trail before tampering: the chain stating its checkpoint interval of 4, setup and 11 failed
     * sign-ins; checkpoints at 1, 5, 9 and 13.
     */
    private static final int RECORDS = 13;

    private static final Map<String, String> CHECKPOINT_EVERY_4 = Map.of("BULWARK_AUDIT_CHECKPOINT_INTERVAL", "4");

    @TempDir
    Path dir;

    @BeforeEach
    void writeATrailAndStop() {
        try (BulwarkServer server = TestServers.embedded(dir, CHECKPOINT_EVERY_4)) {
            TestServers.createAdmin(server);
            BulwarkClient client = new BulwarkClient(server.baseUri());
            for (int i = 2; i < RECORDS; i++) { // records 1 and 2: the interval, setup
                try {
                    client.auth().login(new LoginRequest("mallory@example.com", Secret.of("guess " + i)));
                } catch (ApiException expected) {
                    // each failure is one record
                }
            }
        }
    }

    private ChainVerification verify() {
        Map<String, String> env = new HashMap<>(TestServers.environment(dir, CHECKPOINT_EVERY_4));
        try (BulwarkServer server = BulwarkServer.open(ServerSettings.embedded(dir, env))) {
            return server.audit().verifyLocally();
        }
    }

    private AuditDatabase attacker() throws Exception {
        AuditDatabase db = AuditDatabase.open(dir);
        db.dropAppendOnlyTriggers();
        return db;
    }

    @Test
    void untouchedTrail_verifiesWithItsCheckpoints() {
        ChainVerification result = verify();

        assertThat(result.intact()).as(result.detail()).isTrue();
        assertThat(result.verifiedUpTo()).isEqualTo(RECORDS);
        assertThat(result.checkpointsVerified()).isEqualTo(4);
        assertThat(verify().verifiedUpTo())
                .as("the first run is itself recorded")
                .isEqualTo(RECORDS + 1);
    }

    @Test
    void changedRecord_isReportedAtThatRecord() throws Exception {
        try (AuditDatabase db = attacker()) {
            db.update("UPDATE audit_event SET actor_email = 'someone@example.com' WHERE seq = 3");
        }

        ChainVerification result = verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.brokenAt()).isEqualTo(3);
        assertThat(result.problem()).isEqualTo(ChainProblem.HASH_MISMATCH);
        assertThat(result.verifiedUpTo()).isEqualTo(2);
    }

    @Test
    void deletedRecord_isReportedAsAGap() throws Exception {
        try (AuditDatabase db = attacker()) {
            db.update("DELETE FROM audit_event WHERE seq = 7");
        }

        ChainVerification result = verify();

        assertThat(result.brokenAt()).isEqualTo(7);
        assertThat(result.problem()).isEqualTo(ChainProblem.GAP);
    }

    @Test
    void cutTail_isDetectedThroughTheLastCheckpoint() throws Exception {
        try (AuditDatabase db = attacker()) {
            db.update("DELETE FROM audit_event WHERE seq > 8");
            String hash8 = db.string("SELECT hash FROM audit_event WHERE seq = 8");
            db.update("UPDATE audit_head SET last_seq = 8, last_hash = ?", hash8);
        }

        ChainVerification result = verify();

        assertThat(result.problem()).isEqualTo(ChainProblem.TRUNCATED);
        assertThat(result.brokenAt()).isEqualTo(9);
        assertThat(result.verifiedUpTo()).isEqualTo(8);
    }

    @Test
    void cutTailWithoutFixingTheHead_isDetected() throws Exception {
        try (AuditDatabase db = attacker()) {
            db.update("DELETE FROM audit_event WHERE seq = ?", RECORDS);
        }

        ChainVerification result = verify();

        assertThat(result.problem()).isEqualTo(ChainProblem.TRUNCATED);
        assertThat(result.brokenAt()).isEqualTo(RECORDS);
    }

    @Test
    void reorderedRecords_areReportedWhereTheOrderBreaks() throws Exception {
        try (AuditDatabase db = attacker()) {
            db.update("UPDATE audit_event SET seq = -6 WHERE seq = 6");
            db.update("UPDATE audit_event SET seq = 6 WHERE seq = 7");
            db.update("UPDATE audit_event SET seq = 7 WHERE seq = -6");
        }

        ChainVerification result = verify();

        assertThat(result.brokenAt()).isEqualTo(6);
        assertThat(result.problem()).isEqualTo(ChainProblem.BROKEN_LINK);
    }

    @Test
    void forgedCheckpoint_isReported() throws Exception {
        try (AuditDatabase db = attacker()) {
            String other = db.string("SELECT signature FROM audit_checkpoint WHERE seq = 1");
            db.update("UPDATE audit_checkpoint SET signature = ? WHERE seq = 5", other);
        }

        ChainVerification result = verify();

        assertThat(result.brokenAt()).isEqualTo(5);
        assertThat(result.problem()).isEqualTo(ChainProblem.CHECKPOINT_INVALID);
    }

    @Test
    void anInsertedCheckpointKey_thatReSignsACheckpoint_isReportedAsTampering() throws Exception {
        ECKey foreign = EcKeySealer.generate(Instant.now());
        try (AuditDatabase db = attacker()) {
            insertKey(db, foreign);
            String hash = db.string("SELECT hash FROM audit_checkpoint WHERE seq = 5");
            Instant at;
            try (var s = db.connection().prepareStatement("SELECT created_at FROM audit_checkpoint WHERE seq = 5");
                    var r = s.executeQuery()) {
                r.next();
                at = r.getObject(1, java.time.OffsetDateTime.class).toInstant();
            }
            db.update(
                    "UPDATE audit_checkpoint SET key_id = ?, signature = ? WHERE seq = 5",
                    foreign.getKeyID(),
                    signCheckpoint(foreign, 5, hash, at));
        }

        ChainVerification result = verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.problem()).as(result.detail()).isEqualTo(ChainProblem.CHECKPOINT_KEY_UNTRUSTED);
        assertThat(result.brokenAt()).isEqualTo(5);
        assertThat(result.detail()).contains(foreign.getKeyID()).contains("did not make");
    }

    @Test
    void anInsertedCheckpointKeyRow_thatSignsNothing_isStillReported() throws Exception {
        ECKey foreign = EcKeySealer.generate(Instant.now());
        try (AuditDatabase db = AuditDatabase.open(dir)) {
            insertKey(db, foreign); // inserting needs no dropped trigger: the table only refuses changes
        }

        ChainVerification result = verify();

        assertThat(result.problem()).as(result.detail()).isEqualTo(ChainProblem.CHECKPOINT_KEY_UNTRUSTED);
        assertThat(result.detail()).contains(foreign.getKeyID()).contains("a key was inserted");
    }

    @Test
    void aDeletedCheckpoint_isReportedAsMissingWhereItWasDue() throws Exception {
        try (AuditDatabase db = attacker()) {
            db.update("DELETE FROM audit_checkpoint WHERE seq = 5");
        }

        ChainVerification result = verify();

        assertThat(result.problem()).as(result.detail()).isEqualTo(ChainProblem.CHECKPOINT_MISSING);
        assertThat(result.brokenAt()).isEqualTo(5);
        assertThat(result.verifiedUpTo()).isEqualTo(4);
    }

    @Test
    void theNewestCheckpointDeleted_isReportedAsMissingAtTheHead() throws Exception {
        try (AuditDatabase db = attacker()) {
            db.update("DELETE FROM audit_checkpoint WHERE seq = ?", RECORDS);
        }

        ChainVerification result = verify();

        assertThat(result.problem()).as(result.detail()).isEqualTo(ChainProblem.CHECKPOINT_MISSING);
        assertThat(result.brokenAt()).isEqualTo(RECORDS);
    }

    @Test
    void aStoredKeyWhosePublicHalfWasReplaced_isReportedAsUntrusted_atItsFirstCheckpoint() throws Exception {
        try (AuditDatabase db = attacker()) {
            db.dropTrigger("audit_signing_key_append_only", "audit_signing_key");
            ECKey foreign = EcKeySealer.generate(Instant.now());
            db.update(
                    "UPDATE audit_signing_key SET public_jwk = ?",
                    foreign.toPublicJWK().toJSONString());
        }

        ChainVerification result = verify();

        assertThat(result.problem()).as(result.detail()).isEqualTo(ChainProblem.CHECKPOINT_KEY_UNTRUSTED);
        assertThat(result.brokenAt()).isEqualTo(1);
    }

    private static void insertKey(AuditDatabase db, ECKey key) throws Exception {
        db.update(
                "INSERT INTO audit_signing_key (kid, algorithm, public_jwk, encrypted_private_jwk, created_at)"
                        + " VALUES (?, 'ES256', ?, 'not sealed by this server', CURRENT_TIMESTAMP)",
                key.getKeyID(),
                key.toPublicJWK().toJSONString());
    }

    private static String signCheckpoint(ECKey key, long seq, String hash, Instant createdAt) throws Exception {
        Map<String, Object> payload = new LinkedHashMap<>();
        payload.put("seq", seq);
        payload.put("hash", hash);
        payload.put("createdAt", DateTimeFormatter.ISO_INSTANT.format(createdAt));
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(key.getKeyID())
                        .type(new JOSEObjectType("bulwark-audit-checkpoint+jws"))
                        .build(),
                new Payload(payload));
        jws.sign(new ECDSASigner(key));
        return jws.serialize();
    }

    @Test
    void verifyAuditCommand_exitsNonZeroOnlyWhenBroken() throws Exception {
        ServerProcess.Result intact = ServerProcess.run("verify-audit", "--data-dir", dir.toString());
        assertThat(intact.exitCode()).as(intact.output()).isZero();
        // run without the serving interval of 4, the command first records the interval it starts with
        assertThat(intact.output()).contains("Audit trail intact: " + (RECORDS + 1) + " records, 4 signed checkpoints");

        try (AuditDatabase db = attacker()) {
            db.update("UPDATE audit_event SET reason = 'nothing to see' WHERE seq = 4");
        }
        ServerProcess.Result broken = ServerProcess.run("verify-audit", "--data-dir", dir.toString());

        assertThat(broken.exitCode()).as(broken.output()).isEqualTo(3);
        assertThat(broken.output()).contains("Audit trail BROKEN at record 4 (HASH_MISMATCH)");
    }
}
