package dev.bulwark.server.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How one kind of database is copied into a backup (docs/decisions/0030-encrypted-backups.md). The backup code
 * around it owns encryption, the manifest and the files; an implementation only turns a consistent snapshot into
 * bytes. H2 is {@link H2ScriptDump} ({@code SCRIPT}); PostgreSQL is {@link PostgresqlDump} ({@code pg_dump -Fc} of an
 * exported snapshot). Loading a dump back is the {@link Restorer}'s, per kind.
 */
public interface DatabaseDump {
    /** The kind written in the manifest: {@code h2} or {@code postgresql}. */
    String kind();

    /**
     * What {@link #beginSnapshot} fixed: the name under which another process sees the same snapshot (PostgreSQL's
     * exported snapshot; null for H2), the schema dumped (null for H2) and the dump tool's version (null for H2).
     */
    record Snapshot(String exported, String schema, String toolVersion) {}

    /**
     * Makes {@code c}'s transaction see one snapshot of the whole database for every statement that follows, so that
     * the facts read for the manifest and the dump agree. Called on a connection with auto-commit off, before any
     * other statement of the transaction.
     */
    Snapshot beginSnapshot(Connection c) throws SQLException;

    /** Writes {@code snapshot}, which {@code c}'s open transaction holds, to {@code out}, never to a file of its own. */
    void dump(Connection c, Snapshot snapshot, OutputStream out) throws SQLException, IOException;
}
