package dev.bulwark.model.audit;

import java.util.Locale;

/** The file formats of an audit export. */
public enum AuditExportFormat {
    /**
     * A verifiable bundle: one JSON Lines file holding the public checkpoint keys, the signed checkpoints and the
     * records exactly as hashed, which {@code bulwark-server verify-export} checks offline.
     */
    BUNDLE,
    /** A spreadsheet-friendly CSV file (RFC 4180), one row per matching event; it proves nothing by itself. */
    CSV;

    /** The value of the {@code format} query parameter. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
