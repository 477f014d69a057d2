package dev.bulwark.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNoException;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bulwark.model.Secret;
import dev.bulwark.model.problem.ApiException;
import dev.bulwark.model.problem.ProblemType;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The pg_dump version rule, where the tools are found, and how a JDBC URL becomes their environment. */
class PgToolsTest {
    @TempDir
    Path dir;

    @Test
    void anOlderPgDump_isRefusedWithTheVersionToInstall_andTheSameOrANewerOneIsAccepted() {
        ApiException refused = catchThrowableOfType(
                ApiException.class, () -> PgTools.requireDumpCanReadServer("pg_dump (PostgreSQL) 14.11", 15));

        assertThat(refused.type()).isEqualTo(ProblemType.BACKUP_FAILED);
        assertThat(refused.detail())
                .isEqualTo("pg_dump 14 cannot back up PostgreSQL 15; install pg_dump 15 or later"
                        + " (postgresql-client-15), or name it with backup.pg-dump.");
        assertThatNoException()
                .isThrownBy(() ->
                        PgTools.requireDumpCanReadServer("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)", 15));
        assertThatNoException().isThrownBy(() -> PgTools.requireDumpCanReadServer("pg_dump (PostgreSQL) 17.2", 15));
        assertThat(catchThrowableOfType(
                                ApiException.class, () -> PgTools.requireDumpCanReadServer("something else", 16))
                        .detail())
                .contains("pg_dump 16 or later")
                .contains("postgresql-client-16");
    }

    @Test
    void anOlderPgRestore_isRefusedForANewerArchive() {
        ApiException refused = catchThrowableOfType(
                ApiException.class, () -> PgTools.requireRestoreCanReadDump("pg_restore (PostgreSQL) 14.11", "16.2"));

        assertThat(refused.type()).isEqualTo(ProblemType.BACKUP_REFUSED);
        assertThat(refused.detail())
                .isEqualTo("pg_restore 14 cannot read a backup made by pg_dump 16.2; install pg_restore 16 or later"
                        + " (postgresql-client-16).");
        assertThatNoException()
                .isThrownBy(() -> PgTools.requireRestoreCanReadDump("pg_restore (PostgreSQL) 16.0", "16.2"));
    }

    @Test
    void versionLines_areRead() {
        assertThat(PgTools.majorOf("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"))
                .isEqualTo(15);
        assertThat(PgTools.versionOf("pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)"))
                .isEqualTo("15.18");
        assertThat(PgTools.versionOf("pg_dump (PostgreSQL) 17devel")).isEqualTo("17");
    }

    @Test
    void theSettingWins_thenTheNewestVersionedDirectory_thenPath() throws Exception {
        Path versions = dir.resolve("postgresql");
        Path v13 = executable(versions.resolve("13/bin/pg_dump"));
        Path v16 = executable(versions.resolve("16/bin/pg_dump"));
        executable(versions.resolve("9.6/bin/pg_dump"));
        Path onPath = executable(dir.resolve("bin/pg_dump"));
        Path configured = dir.resolve("opt/pg/bin/pg_dump");
        String path = dir.resolve("empty") + File.pathSeparator + onPath.getParent();

        assertThat(PgTools.find("pg_dump", Optional.of(configured), versions, path))
                .contains(configured);
        assertThat(PgTools.find("pg_restore", Optional.of(configured), versions, path))
                .contains(configured.resolveSibling("pg_restore"));
        assertThat(PgTools.find("pg_dump", Optional.empty(), versions, path)).contains(v16);
        Files.delete(v16);
        assertThat(PgTools.find("pg_dump", Optional.empty(), versions, path)).contains(v13);
        assertThat(PgTools.find("pg_dump", Optional.empty(), dir.resolve("none"), path))
                .contains(onPath);
        assertThat(PgTools.find("pg_dump", Optional.empty(), dir.resolve("none"), ""))
                .isEmpty();
    }

    @Test
    void aJdbcUrl_becomesTheToolsEnvironment_withThePasswordOnlyInPgPassword() {
        PostgresqlUrl url = PostgresqlUrl.parse("jdbc:postgresql://db1.example.com:5433,[::1]:5434/bul%20wark"
                + "?sslmode=verify-full&sslrootcert=/etc/ca.pem&currentSchema=ops,public&ApplicationName=bulwark");

        Map<String, String> env = url.environment("", "ops", Secret.of("pw-123"));

        assertThat(env)
                .containsEntry("PGHOST", "db1.example.com,::1")
                .containsEntry("PGPORT", "5433,5434")
                .containsEntry("PGDATABASE", "bul wark")
                .containsEntry("PGUSER", "ops")
                .containsEntry("PGPASSWORD", "pw-123")
                .containsEntry("PGSSLMODE", "verify-full")
                .containsEntry("PGSSLROOTCERT", "/etc/ca.pem")
                .containsEntry("PGAPPNAME", "bulwark");
        assertThat(url.currentSchema()).contains("ops");
        assertThat(url.environment("other", "ops", Secret.of("")))
                .containsEntry("PGDATABASE", "other")
                .doesNotContainKey("PGPASSWORD");
        assertThat(url.withDatabase("bulwark_restore_test_1", "ops"))
                .isEqualTo("jdbc:postgresql://db1.example.com:5433,[::1]:5434/bulwark_restore_test_1"
                        + "?sslmode=verify-full&sslrootcert=%2Fetc%2Fca.pem&ApplicationName=bulwark&currentSchema=ops");
        assertThat(PostgresqlUrl.parse("jdbc:postgresql://h/db?ssl=true").environment(null, "u", Secret.of("")))
                .containsEntry("PGSSLMODE", "verify-full")
                .containsEntry("PGPORT", "5432");
        assertThat(PostgresqlUrl.parse("jdbc:postgresql:bulwark").environment(null, "u", Secret.of("")))
                .containsEntry("PGHOST", "localhost")
                .containsEntry("PGDATABASE", "bulwark");
        PostgresqlUrl withPassword = PostgresqlUrl.parse("jdbc:postgresql://h/db?password=in-url-77");
        assertThat(withPassword.toString()).doesNotContain("in-url-77");
        assertThat(Restorer.withoutPassword("jdbc:postgresql://h/db?user=u&password=in-url-77&x=1"))
                .isEqualTo("jdbc:postgresql://h/db?user=u&password=…&x=1");
        assertThat(new Restorer.DatabaseTarget("jdbc:postgresql://h/db", "u", Secret.of("pw-123")).toString())
                .doesNotContain("pw-123");
    }

    @Test
    void namesAreQuotedForPatternsSqlAndConnectionStrings() {
        assertThat(PostgresqlDump.quotedPattern("Ops*\"x")).isEqualTo("\"Ops*\"\"x\"");
        assertThat(PostgresqlDump.conninfoValue("it's a\\db")).isEqualTo("'it\\'s a\\\\db'");
    }

    private static Path executable(Path file) throws Exception {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
        return file;
    }
}
