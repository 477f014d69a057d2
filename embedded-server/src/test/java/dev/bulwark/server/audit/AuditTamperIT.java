package dev.bulwark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;

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
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Someone with access to the stopped server's database file removes the append-only triggers and rewrites the
 * trail; every kind of rewrite is detected.
 */
class AuditTamperIT {
    /** Records in the trail before tampering: setup and 11 failed sign-ins; checkpoints at 1, 5 and 9. */
    private static final int RECORDS = 12;

    private static final Map<String, String> CHECKPOINT_EVERY_4 = Map.of("BULWARK_AUDIT_CHECKPOINT_INTERVAL", "4");

    @TempDir
    Path dir;

    @BeforeEach
    void writeATrailAndStop() {
        try (BulwarkServer server = TestServers.embedded(dir, CHECKPOINT_EVERY_4)) {
            TestServers.createAdmin(server);
            BulwarkClient client = new BulwarkClient(server.baseUri());
            for (int i = 1; i < RECORDS; i++) {
                try {
                    client.auth().login(new LoginRequest("mallory@example.com", Secret.of("guess " + i)));
                } catch (ApiException expected) {
                    // each failure is one record
                }
            }
        }
    }

    private ChainVerification verify() {
        Map<String, String> env = new HashMap<>(TestServers.FAST_HASHING);
        env.putAll(CHECKPOINT_EVERY_4);
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
        assertThat(result.checkpointsVerified()).isEqualTo(3);
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
    void verifyAuditCommand_exitsNonZeroOnlyWhenBroken() throws Exception {
        ServerProcess.Result intact = ServerProcess.run("verify-audit", "--data-dir", dir.toString());
        assertThat(intact.exitCode()).as(intact.output()).isZero();
        assertThat(intact.output()).contains("Audit trail intact: " + RECORDS + " records, 3 signed checkpoints");

        try (AuditDatabase db = attacker()) {
            db.update("UPDATE audit_event SET reason = 'nothing to see' WHERE seq = 4");
        }
        ServerProcess.Result broken = ServerProcess.run("verify-audit", "--data-dir", dir.toString());

        assertThat(broken.exitCode()).as(broken.output()).isEqualTo(3);
        assertThat(broken.output()).contains("Audit trail BROKEN at record 4 (HASH_MISMATCH)");
    }
}
