package dev.bulwark.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * H2: {@code SCRIPT} (the SQL that recreates schema and data) streamed into the backup, and {@code RUNSCRIPT} into a
 * new database file on restore. The snapshot is H2's SNAPSHOT isolation, which fixes one view of every table at the
 * transaction's first statement.
 */
final class H2ScriptDump implements DatabaseDump {
    /** H2's JDBC isolation constant for SNAPSHOT. */
    private static final int TRANSACTION_SNAPSHOT = 6;

    private final String user;
    private final String password;

    /**
     * @param user the database user of restored copies (the server's {@code database.username})
     * @param password its password
     */
    H2ScriptDump(String user, String password) {
        this.user = user;
        this.password = password;
    }

    @Override
    public String kind() {
        return "h2";
    }

    @Override
    public Snapshot beginSnapshot(Connection c) throws SQLException {
        c.setTransactionIsolation(TRANSACTION_SNAPSHOT);
        return new Snapshot(null, null, null);
    }

    @Override
    public void dump(Connection c, Snapshot snapshot, OutputStream out) throws SQLException {
        String name = StreamFileSystem.register(out);
        try (Statement s = c.createStatement()) {
            s.execute("SCRIPT TO '" + name + "'");
        } finally {
            StreamFileSystem.release(name);
        }
    }

    /** Loads a dump into a new, empty database in {@code dataDirectory}. */
    void load(InputStream in, Path dataDirectory) throws SQLException, IOException {
        String name = StreamFileSystem.register(in);
        String url = "jdbc:h2:file:" + dataDirectory.resolve("bulwark") + ";TRACE_LEVEL_FILE=0";
        try (Connection c = DriverManager.getConnection(url, user, password);
                Statement s = c.createStatement()) {
            s.execute("RUNSCRIPT FROM '" + name + "'");
            s.execute("SHUTDOWN");
        } finally {
            StreamFileSystem.release(name);
        }
    }
}
