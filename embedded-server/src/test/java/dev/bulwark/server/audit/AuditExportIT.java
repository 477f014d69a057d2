package dev.bulwark.server.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

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
import dev.bulwark.server.cli.ServerCli;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
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
        ServerProcess.Result result = ServerProcess.run("verify-export", file.toString());
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

    private record Cli(int exitCode, String output) {}

    /** Runs {@code verify-export} in this JVM through the command class. */
    private static Cli verify(Path file) {
        PrintStream original = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            int code = ServerCli.run("verify-export", file.toString());
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
