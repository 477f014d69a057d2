package dev.bulwark.server.audit;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.api.Trigger;

/** The H2 trigger that rejects every UPDATE and DELETE on an audit table. */
public final class AppendOnlyTrigger implements Trigger {
    /** The SQL state of the rejection (an application-defined exception). */
    public static final String SQL_STATE = "45000";

    private String table = "audit table";

    @Override
    public void init(
            Connection conn, String schemaName, String triggerName, String tableName, boolean before, int type) {
        table = tableName;
    }

    @Override
    public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
        throw new SQLException(
                "Records in " + table + " are append-only: they cannot be changed or deleted.", SQL_STATE);
    }
}
