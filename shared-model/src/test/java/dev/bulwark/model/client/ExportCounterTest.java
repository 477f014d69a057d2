package dev.bulwark.model.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bulwark.model.audit.AuditExportFormat;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExportCounterTest {

    @Test
    void bundle_countsOnlyEventLines_evenWhenSplitAcrossReads() {
        String bundle = """
                {"type":"bundle","version":1}
                {"type":"checkpoint","seq":1000}
                {"type":"event","seq":1}
                {"type":"event","seq":2,"reason":"{\\"type\\":\\"event\\""}
                {"type":"end","events":2}
                """;
        ExportCounter counter = new ExportCounter(AuditExportFormat.BUNDLE);
        byte[] bytes = bundle.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            counter.accept(new byte[] {b}, 1);
        }

        assertThat(counter.events()).isEqualTo(2);
    }

    @Test
    void csv_countsRowsAfterTheHeader_notLineBreaksInsideQuotedCells() {
        String csv = "seq,reason\r\n1,\"two\r\nlines, and \"\"quotes\"\"\"\r\n2,plain\r\n";
        ExportCounter counter = new ExportCounter(AuditExportFormat.CSV);
        byte[] bytes = csv.getBytes(StandardCharsets.UTF_8);
        counter.accept(bytes, bytes.length);

        assertThat(counter.events()).isEqualTo(2);
    }
}
