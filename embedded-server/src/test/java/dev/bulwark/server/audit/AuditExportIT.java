package dev.bulwark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.JWSObject;
import com.nimbusds.jose.Payload;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import dev.bulwark.model.Json;
import dev.bulwark.model.audit.AuditAction;
import dev.bulwark.model.audit.AuditEvent;
import dev.bulwark.model.audit.AuditExportFormat;
import dev.bulwark.model.audit.AuditOutcome;
import dev.bulwark.model.audit.AuditQuery;
import dev.bulwark.model.client.BulwarkClient;
import dev.bulwark.model.permission.AccessLevel;
import dev.bulwark.model.permission.Grants;
import dev.bulwark.model.permission.Module;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import dev.bulwark.model.user.Role;
import dev.bulwark.server.AdminServerFixture;
import dev.bulwark.server.IdentityFixtures;
import dev.bulwark.server.ServerProcess;
import dev.bulwark.server.TestServers;
import dev.bulwark.server.cli.ServerCli;
import dev.bulwark.server.crypto.EcKeySealer;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class AuditExportIT extends AdminServerFixture {

    @Test
    void bundleOfTheWholeTrail_verifiesOfflineThroughTheRealCommand() throws Exception {
        appendRecords(2_500);
        Path file = dir.resolve("trail.audit.jsonl");

        long written = admin.audit().export(AuditQuery.all(), AuditExportFormat.BUNDLE, file, n -> {}, () -> false);

        long head = admin.audit().events(AuditQuery.all()).events().getFirst().seq();
        ServerProcess.Result result = ServerProcess.run(
                "verify-export",
                file.toString(),
                "--trusted-keys",
                trustedKeys().toString());
        assertThat(result.exitCode()).as(result.output()).isZero();
        assertThat(result.output())
                .contains("Export verified: Verified records 1.." + written + " (" + written + " events)")
                .contains("anchored by the checkpoint at record " + written);
        assertThat(written).isEqualTo(head - 1); // the export's own record comes after it
    }

    @Test
    void aChangedByte_aRemovedLineOrACutTail_isReportedAtTheRightRecord() throws Exception {
        appendRecords(50);
        Path file = dir.resolve("trail.audit.jsonl");
        admin.audit().export(AuditQuery.all(), AuditExportFormat.BUNDLE, file, n -> {}, () -> false);
        assertThat(verify(file).exitCode).as(verify(file).output).isZero();
        List<String> lines = Files.readAllLines(file);
        int line = indexOf(lines, "\"matches\":true,\"seq\":20,");

        Path changed = dir.resolve("changed.jsonl");
        List<String> edited = new ArrayList<>(lines);
        edited.set(line, lines.get(line).replace("of a test", "of a tesT"));
        Files.write(changed, edited);
        Cli changedResult = verify(changed);
        assertThat(changedResult.exitCode).isEqualTo(3);
        assertThat(changedResult.output)
                .contains("Export BROKEN at line " + (line + 1) + ": Record 20 does not match its hash")
                .contains("Verified before that: records 1..19.");

        Path removed = dir.resolve("removed.jsonl");
        List<String> without = new ArrayList<>(lines);
        without.remove(line);
        Files.write(removed, without);
        assertThat(verify(removed).output).contains("Record 20 is missing");

        Path cut = dir.resolve("cut.jsonl");
        Files.write(cut, lines.subList(0, lines.size() - 5));
        assertThat(verify(cut).output).contains("the file was cut short");
    }

    @Test
    void filteredBundle_includesTheRecordsBetween_andSaysHowManyMatch() throws Exception {
        appendRecords(30);
        Path file = dir.resolve("filtered.audit.jsonl");
        AuditQuery failures = new AuditQuery(
                null, null, null, AuditAction.AUTH_LOGIN_FAILURE.code(), null, null, null, null, null, null, null);

        long written = admin.audit().export(failures, AuditExportFormat.BUNDLE, file, n -> {}, () -> false);

        Cli result = verify(file);
        assertThat(result.exitCode).as(result.output).isZero();
        assertThat(result.output).contains("Filtered export: 10 of the " + written + " records match its filter");
    }

    @Test
    void csv_quotesPerRfc4180_andDefusesFormulas() throws Exception {
        server.audit()
                .trail()
                .recordAlone(AuditRecord.of(AuditAction.USER_UPDATE, AuditOutcome.SUCCESS)
                        .target("user", null, "=HYPERLINK(\"http://evil.example\")")
                        .reason("first, \"quoted\"\nsecond line"));
        server.audit()
                .trail()
                .recordAlone(AuditRecord.of(AuditAction.USER_UPDATE, AuditOutcome.SUCCESS)
                        .target("user", null, "@SUM(A1)")
                        .reason("-2+3"));
        Path file = dir.resolve("trail.csv");
        AuditQuery updates = new AuditQuery(null, null, null, "user.update", null, null, null, null, null, null, null);

        long written = admin.audit().export(updates, AuditExportFormat.CSV, file, n -> {}, () -> false);

        String csv = Files.readString(file);
        assertThat(written).isEqualTo(2);
        assertThat(csv)
                .startsWith("seq,occurred_at,actor_kind,")
                .contains(",\"'=HYPERLINK(\"\"http://evil.example\"\")\",")
                .contains(",\"first, \"\"quoted\"\"\nsecond line\",")
                .contains(",'@SUM(A1),")
                .contains(",'-2+3,")
                .endsWith("\r\n");
        assertThat(csv.split("\r\n")).hasSize(3);
    }

    @Test
    void cancellingMidStream_leavesNoFileBehind() throws Exception {
        appendRecords(6_000);
        Path file = dir.resolve("big.audit.jsonl");
        AtomicBoolean cancel = new AtomicBoolean();

        CancellationException cancelled = catchThrowableOfType(CancellationException.class, () -> admin.audit()
                .export(AuditQuery.all(), AuditExportFormat.BUNDLE, file, n -> cancel.set(true), cancel::get));

        assertThat(cancelled).isNotNull();
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(name -> name.contains("big.audit.jsonl"));
        }
    }

    @Test
    void auditReadAloneMayExport_andTheExportIsAudited_butAUserWithoutItIsRefused() throws Exception {
        UUID officer = IdentityFixtures.createUser(admin, "officer@example.com", "Officer", Role.USER)
                .user()
                .id();
        admin.users().setGrants(officer, new Grants(Map.of(Module.AUDIT, AccessLevel.READ)));
        IdentityFixtures.createUser(admin, "plain@example.com", "Plain", Role.USER);
        BulwarkClient officerClient = IdentityFixtures.signIn(server, "officer@example.com");
        BulwarkClient plainClient = IdentityFixtures.signIn(server, "plain@example.com");
        Path file = dir.resolve("officer.csv");

        long written =
                officerClient.audit().export(AuditQuery.all(), AuditExportFormat.CSV, file, n -> {}, () -> false);
        ApiException refused = catchThrowableOfType(ApiException.class, () -> plainClient
                .audit()
                .export(AuditQuery.all(), AuditExportFormat.CSV, dir.resolve("plain.csv"), n -> {}, () -> false));

        assertThat(written).isPositive();
        assertThat(refused.type()).isEqualTo(ProblemType.FORBIDDEN);
        assertThat(dir.resolve("plain.csv")).doesNotExist();
        AuditEvent exported = admin.audit()
                .events(new AuditQuery(null, null, null, "audit.export", null, null, null, null, null, null, null))
                .events()
                .getFirst();
        assertThat(exported.actor().email()).isEqualTo("officer@example.com");
        assertThat(exported.outcome()).isEqualTo(AuditOutcome.SUCCESS);
        assertThat(exported.reason())
                .startsWith("Exported " + written + " events as csv")
                .contains("no filter");
    }

    /** Appends {@code n} records from concurrent writers: every third a failed sign-in, the others user updates. */
    private void appendRecords(int n) throws Exception {
        try (ExecutorService writers = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<AuditEvent>> done = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                AuditRecord record = i % 3 == 0
                        ? AuditRecord.of(AuditAction.AUTH_LOGIN_FAILURE, AuditOutcome.DENIED)
                                .anonymous("guess" + i + "@example.com")
                                .reason("record " + i + " of a test")
                        : AuditRecord.of(AuditAction.USER_UPDATE, AuditOutcome.SUCCESS)
                                .target("user", null, "user " + i)
                                .reason("record " + i + " of a test");
                done.add(writers.submit(() -> server.audit().trail().recordAlone(record)));
            }
            for (Future<AuditEvent> f : done) {
                f.get();
            }
        }
    }

    @Test
    void withoutTrustedKeys_verifyExportExitsWithItsOwnCode_andSaysTheOriginIsNotProven() throws Exception {
        appendRecords(20);
        Path file = dir.resolve("trail.audit.jsonl");
        admin.audit().export(AuditQuery.all(), AuditExportFormat.BUNDLE, file, n -> {}, () -> false);

        ServerProcess.Result result = ServerProcess.run("verify-export", file.toString());

        assertThat(result.exitCode()).as(result.output()).isEqualTo(4);
        assertThat(result.output()).contains("signatures are self-consistent, origin not proven");
    }

    @Test
    void theServersKeysOrItsPinnedThumbprint_exitZero_butAnotherServersKeysFail() throws Exception {
        appendRecords(20);
        Path file = dir.resolve("trail.audit.jsonl");
        admin.audit().export(AuditQuery.all(), AuditExportFormat.BUNDLE, file, n -> {}, () -> false);
        JWK serverKey =
                JWKSet.parse(admin.audit().checkpoints().keys()).getKeys().getFirst();
        ECKey foreign = EcKeySealer.generate(Instant.now());
        ECKey sameIdOtherKey =
                new ECKey.Builder(foreign).keyID(serverKey.getKeyID()).build();

        Cli byPin = run("verify-export", file.toString(), "--trusted-key", CheckpointKeys.thumbprint(serverKey));
        Cli otherKeys = run(
                "verify-export",
                file.toString(),
                "--trusted-keys",
                jwks(foreign).toString());
        Cli otherKeyUnderTheSameId = run(
                "verify-export",
                file.toString(),
                "--trusted-keys",
                jwks(sameIdOtherKey).toString());
        Cli otherPin = run("verify-export", file.toString(), "--trusted-key", CheckpointKeys.thumbprint(foreign));

        assertThat(verify(file).exitCode).as(verify(file).output).isZero();
        assertThat(byPin.exitCode).as(byPin.output).isZero();
        assertThat(byPin.output).contains("Export verified:").contains(CheckpointKeys.thumbprint(serverKey));
        assertThat(otherKeys.exitCode).as(otherKeys.output).isEqualTo(3);
        assertThat(otherKeys.output).contains("which is not trusted");
        assertThat(otherKeyUnderTheSameId.exitCode).isEqualTo(3);
        assertThat(otherKeyUnderTheSameId.output).contains("does not carry a valid signature by a trusted key");
        assertThat(otherPin.exitCode).isEqualTo(3);
    }

    @Test
    void aBundleReSignedWithAForeignKey_failsAgainstTheTrustedKeys_andIsNeverProvenWithout() throws Exception {
        appendRecords(20);
        Path file = dir.resolve("trail.audit.jsonl");
        admin.audit().export(AuditQuery.all(), AuditExportFormat.BUNDLE, file, n -> {}, () -> false);
        ECKey foreign = EcKeySealer.generate(Instant.now());
        Path forged = dir.resolve("forged.audit.jsonl");
        // the forger narrows the claimed filter and re-signs everything with a key of their own
        Files.write(forged, reSigned(Files.readAllLines(file), foreign, "auth.login.failure"));

        Cli trusted = verify(forged);
        Cli alone = run("verify-export", forged.toString());

        assertThat(trusted.exitCode).as(trusted.output).isEqualTo(3);
        assertThat(trusted.output).contains("is signed by key " + foreign.getKeyID() + ", which is not trusted");
        assertThat(alone.exitCode).as(alone.output).isEqualTo(4);
        assertThat(alone.output).contains("origin not proven").contains(CheckpointKeys.thumbprint(foreign));
    }

    @Test
    void aChangedHeader_orARemovedCheckpoint_isReported() throws Exception {
        server.close();
        server = TestServers.embedded(dir, Map.of("BULWARK_AUDIT_CHECKPOINT_INTERVAL", "5"));
        admin = IdentityFixtures.admin(server);
        appendRecords(25);
        Path file = dir.resolve("trail.audit.jsonl");
        admin.audit().export(AuditQuery.all(), AuditExportFormat.BUNDLE, file, n -> {}, () -> false);
        List<String> lines = Files.readAllLines(file);

        Path changedHeader = dir.resolve("header.jsonl");
        List<String> edited = new ArrayList<>(lines);
        edited.set(
                0, lines.get(0).replaceFirst("\"exportedAt\":\"[^\"]+\"", "\"exportedAt\":\"2020-01-01T00:00:00Z\""));
        Files.write(changedHeader, edited);
        Path noCheckpoint = dir.resolve("no-checkpoint.jsonl");
        List<String> without = new ArrayList<>(lines);
        List<Integer> checkpointLines = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith("{\"type\":\"checkpoint\"")) {
                checkpointLines.add(i);
            }
        }
        int removed = checkpointLines.get(checkpointLines.size() - 2);
        without.remove(removed);
        Files.write(noCheckpoint, without);

        assertThat(edited.get(0)).isNotEqualTo(lines.get(0));
        assertThat(verify(changedHeader).output).contains("its exportedAt is not the signed one");
        assertThat(verify(noCheckpoint).exitCode).isEqualTo(3);
        assertThat(verify(noCheckpoint).output)
                .contains("Export BROKEN at line ")
                .contains("The signed checkpoint due by record")
                .contains("is missing");
    }

    /** The lines of a bundle with the header's filter replaced and every signature made again with {@code key}. */
    private static List<String> reSigned(List<String> lines, ECKey key, String action) throws Exception {
        ObjectMapper json = Json.lenient();
        ECDSASigner signer = new ECDSASigner(key);
        List<String> out = new ArrayList<>();
        for (String line : lines) {
            ObjectNode node = (ObjectNode) json.readTree(line);
            switch (node.path("type").asText()) {
                case "bundle" -> {
                    node.putObject("filter").put("action", action);
                    node.remove("signature");
                    Map<String, Object> fields = json.convertValue(node, Map.class);
                    fields.remove("type");
                    node.put("signature", sign(signer, key, "bulwark-audit-bundle+jws", fields));
                }
                case "keys" -> node.set("keys", json.valueToTree(jwksOf(key).toJSONObject(true)));
                case "checkpoint" -> {
                    Map<String, Object> payload = new java.util.LinkedHashMap<>();
                    payload.put("seq", node.get("seq").asLong());
                    payload.put("hash", node.get("hash").asText());
                    payload.put("createdAt", node.get("createdAt").asText());
                    node.put("keyId", key.getKeyID());
                    node.put("signature", sign(signer, key, "bulwark-audit-checkpoint+jws", payload));
                }
                default -> {}
            }
            out.add(json.writeValueAsString(node));
        }
        return out;
    }

    private static String sign(ECDSASigner signer, ECKey key, String type, Map<String, Object> payload)
            throws Exception {
        JWSObject jws = new JWSObject(
                new JWSHeader.Builder(JWSAlgorithm.ES256)
                        .keyID(key.getKeyID())
                        .type(new JOSEObjectType(type))
                        .build(),
                new Payload(payload));
        jws.sign(signer);
        return jws.serialize();
    }

    private static JWKSet jwksOf(ECKey key) {
        return new JWKSet(key.toPublicJWK());
    }

    private Path jwks(ECKey key) throws Exception {
        Path path = dir.resolve(key.getKeyID() + "-" + UUID.randomUUID() + ".jwks");
        Files.writeString(path, jwksOf(key).toString(true));
        return path;
    }

    /** The server's published checkpoint keys, saved as a trusted key file. */
    private Path trustedKeys() throws Exception {
        Path path = dir.resolve("trusted.jwks");
        Files.writeString(
                path,
                Json.lenient().writeValueAsString(admin.audit().checkpoints().keys()));
        return path;
    }

    private record Cli(int exitCode, String output) {}

    /** Runs {@code verify-export} against the server's published keys in this JVM through the command class. */
    private Cli verify(Path file) throws Exception {
        return run(
                "verify-export",
                file.toString(),
                "--trusted-keys",
                trustedKeys().toString());
    }

    /** Runs {@code bulwark-server} in this JVM through the command class. */
    private static Cli run(String... args) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = ServerCli.run(args);
            return new Cli(code, captured.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(original);
        }
    }

    private static int indexOf(List<String> lines, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(text)) {
                return i;
            }
        }
        throw new AssertionError("no line contains " + text);
    }
}
