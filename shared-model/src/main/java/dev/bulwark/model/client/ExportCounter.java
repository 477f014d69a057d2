package dev.bulwark.model.client;

import dev.bulwark.model.audit.AuditExportFormat;
import java.nio.charset.StandardCharsets;

/**
 * Counts the event records in an export as its bytes arrive: in a bundle the lines that start with {@code
 * {"type":"event"}, in a CSV file the rows after the header (line breaks inside quoted cells do not count).
 */
final class ExportCounter {
    private static final byte[] EVENT_LINE = "{\"type\":\"event\"".getBytes(StandardCharsets.US_ASCII);

    private final AuditExportFormat format;
    private long events;
    private long csvRows;
    private boolean quoted;
    private int matched;
    private boolean lineCounted;

    ExportCounter(AuditExportFormat format) {
        this.format = format;
    }

    void accept(byte[] bytes, int length) {
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if (format == AuditExportFormat.CSV) {
                csv(b);
            } else {
                bundle(b);
            }
        }
    }

    long events() {
        return format == AuditExportFormat.CSV ? Math.max(0, csvRows - 1) : events;
    }

    private void csv(byte b) {
        if (b == '"') {
            quoted = !quoted; // an escaped quote ("") toggles twice
        } else if (b == '\n' && !quoted) {
            csvRows++;
        }
    }

    private void bundle(byte b) {
        if (b == '\n') {
            matched = 0;
            lineCounted = false;
            return;
        }
        if (lineCounted || matched < 0) {
            return;
        }
        if (b == EVENT_LINE[matched]) {
            matched++;
            if (matched == EVENT_LINE.length) {
                events++;
                lineCounted = true;
            }
        } else {
            matched = -1;
        }
    }
}
