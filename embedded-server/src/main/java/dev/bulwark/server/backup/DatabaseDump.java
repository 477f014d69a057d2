package dev.bulwark.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * How one kind of database is copied into a backup and loaded back. The backup code around it owns encryption,
 * the manifest and the files; an implementation only turns a consistent snapshot into bytes and back. H2 is {@link
 * H2ScriptDump}; PostgreSQL ({@code pg_dump -Fc} into the stream, {@code pg_restore} from it) plugs in here when
 * hosted mode exists.
 */
public interface DatabaseDump {
    /** The kind written in the manifest, for example {@code h2}. */
    String kind();

    /**
     * Makes {@code c}'s transaction see one snapshot of the whole database for every statement that follows, so that
     * the facts read for the manifest and the dump agree. Called on a connection with auto-commit off.
     */
    void beginSnapshot(Connection c) throws SQLException;

    /** Writes the snapshot {@code c} sees to {@code out}, without ever writing it to a file of its own. */
    void dump(Connection c, OutputStream out) throws SQLException, IOException;

    /** Loads a dump into a new, empty database in {@code dataDirectory}. */
    void load(InputStream in, Path dataDirectory) throws SQLException, IOException;
}
