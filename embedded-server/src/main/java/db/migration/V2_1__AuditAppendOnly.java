package db.migration;

import dev.bulwark.server.audit.AppendOnlyTrigger;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Makes the audit tables append-only: UPDATE and DELETE (and, on PostgreSQL, TRUNCATE) are rejected by the
 * database itself. H2 runs a Java trigger; PostgreSQL a PL/pgSQL function.
 */
public final class V2_1__AuditAppendOnly extends BaseJavaMigration {
    private static final String[] TABLES = {"audit_event", "audit_checkpoint"};

    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName();
        try (Statement s = context.getConnection().createStatement()) {
            if (product.startsWith("PostgreSQL")) {
                s.execute("""
                        CREATE FUNCTION audit_reject_change() RETURNS trigger LANGUAGE plpgsql AS $$
                        BEGIN
                            RAISE EXCEPTION 'audit records are append-only' USING ERRCODE = '45000';
                        END $$
                        """);
                for (String table : TABLES) {
                    s.execute("CREATE TRIGGER " + table + "_append_only BEFORE UPDATE OR DELETE ON " + table
                            + " FOR EACH ROW EXECUTE FUNCTION audit_reject_change()");
                    s.execute("CREATE TRIGGER " + table + "_no_truncate BEFORE TRUNCATE ON " + table
                            + " FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()");
                }
            } else {
                for (String table : TABLES) {
                    s.execute("CREATE TRIGGER " + table + "_append_only BEFORE UPDATE, DELETE ON " + table
                            + " FOR EACH ROW CALL '" + AppendOnlyTrigger.class.getName() + "'");
                }
            }
        }
    }
}
