package dev.bulwark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bulwark.model.Secret;
import dev.bulwark.model.audit.AuditCheckpoint;
import dev.bulwark.model.audit.ChainProblem;
import dev.bulwark.model.audit.ChainVerification;
import dev.bulwark.model.auth.LoginRequest;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.server.BulwarkServer;
import dev.bulwark.server.ServerProcess;
import dev.bulwark.server.ServerSettings;
import dev.bulwark.server.StartupException;
import dev.bulwark.server.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The checkpoint witness on a real server and H2 file: every checkpoint is copied to a file outside the data
 * directory, and a tail cut together with its checkpoints, which the chain alone cannot reveal, is reported
 * against it, by the server's verification and by {@code verify-audit --witness}.
 */
class CheckpointWitnessIT {
    /** The interval stated, setup and 10 failed sign-ins: checkpoints at 1, 5, 9. */
    private static final int RECORDS = 12;

    @TempDir
    Path dir;

    @TempDir
    Path elsewhere;

    private Path witnessFile;

    private Map<String, String> environment() {
        Map<String, String> env = new HashMap<>(TestServers.environment(dir, Map.of()));
        env.put("BULWARK_AUDIT_CHECKPOINT_INTERVAL", "4");
        env.put("BULWARK_AUDIT_WITNESS_FILE", witnessFile.toString());
        return env;
    }

    @BeforeEach
    void writeATrailWithItsWitness() {
        witnessFile = elsewhere.resolve("bulwark-witness.jsonl");
        try (BulwarkServer server = TestServers.embedded(dir, environment())) {
            TestServers.createAdmin(server);
            BulwarkClient client = new BulwarkClient(server.baseUri());
            for (int i = 2; i < RECORDS; i++) {
                try {
                    client.auth().login(new LoginRequest("mallory@example.com", Secret.of("guess " + i)));
                } catch (ApiException expected) {
                    // each failure is one record
                }
            }
        }
    }

    private ChainVerification verify() {
        try (BulwarkServer server = BulwarkServer.open(ServerSettings.embedded(dir, environment()))) {
            return server.audit().verifyLocally();
        }
    }

    @Test
    void everyCheckpoint_isCopiedToTheWitness_andAnUntouchedTrailMatchesIt() throws Exception {
        List<AuditCheckpoint> held = CheckpointWitness.read(witnessFile);

        assertThat(held).extracting(AuditCheckpoint::seq).containsExactly(1L, 5L, 9L);
        ChainVerification result = verify();
        assertThat(result.intact()).as(result.detail()).isTrue();
        assertThat(result.detail()).contains("The 3 checkpoints of the witness match it.");
    }

    @Test
    void aTailCutWithItsCheckpoints_verifiesAlone_butNotAgainstTheWitness() throws Exception {
        try (AuditDatabase db = AuditDatabase.open(dir)) {
            db.dropAppendOnlyTriggers();
            db.update("DELETE FROM audit_event WHERE seq > 6");
            db.update("DELETE FROM audit_checkpoint WHERE seq > 6");
            db.update("""
                    UPDATE audit_head SET last_seq = 6, last_hash = (SELECT hash FROM audit_event WHERE seq = 6),
                        last_checkpoint_seq = 5
                    """);
        }
        Map<String, String> withoutWitness = new HashMap<>(environment());
        withoutWitness.put("BULWARK_AUDIT_WITNESS_FILE", "");
        try (BulwarkServer server = BulwarkServer.open(ServerSettings.embedded(dir, withoutWitness))) {
            assertThat(server.audit().verifyLocally().intact())
                    .as("the shortened chain is consistent on its own")
                    .isTrue();
        }

        ChainVerification result = verify();

        assertThat(result.intact()).isFalse();
        assertThat(result.problem()).isEqualTo(ChainProblem.TRUNCATED);
        assertThat(result.detail())
                .contains("The witness holds a checkpoint at record 9")
                .contains("records were cut from its end");
    }

    @Test
    void verifyAuditWithAWitnessFile_exitsThreeForACutTail() throws Exception {
        Path copy = elsewhere.resolve("received-by-the-siem.jsonl");
        Files.copy(witnessFile, copy);
        Files.delete(witnessFile);
        try (AuditDatabase db = AuditDatabase.open(dir)) {
            db.dropAppendOnlyTriggers();
            db.update("DELETE FROM audit_event WHERE seq > 6");
            db.update("DELETE FROM audit_checkpoint WHERE seq > 6");
            db.update("""
                    UPDATE audit_head SET last_seq = 6, last_hash = (SELECT hash FROM audit_event WHERE seq = 6),
                        last_checkpoint_seq = 5
                    """);
        }

        ServerProcess.Result alone = ServerProcess.run("verify-audit", "--data-dir", dir.toString());
        ServerProcess.Result witnessed =
                ServerProcess.run("verify-audit", "--data-dir", dir.toString(), "--witness", copy.toString());

        assertThat(alone.exitCode()).as(alone.output()).isZero();
        assertThat(witnessed.exitCode()).as(witnessed.output()).isEqualTo(3);
        assertThat(witnessed.output()).contains("TRUNCATED").contains("checkpoint at record 9");
    }

    @Test
    void aWitnessInsideTheDataDirectory_isRefusedAtStart() {
        Map<String, String> env = new HashMap<>(environment());
        env.put("BULWARK_AUDIT_WITNESS_FILE", dir.resolve("witness.jsonl").toString());

        assertThatThrownBy(() -> BulwarkServer.open(ServerSettings.embedded(dir, env)))
                .isInstanceOf(StartupException.class)
                .hasMessageContaining("audit.witness-file")
                .hasMessageContaining("outside the data directory");
    }
}
