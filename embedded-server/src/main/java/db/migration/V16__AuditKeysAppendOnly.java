package db.migration;

import dev.bulwark.server.audit.AppendOnlyTrigger;
import java.sql.Statement;
import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;

/**
 * Makes the checkpoint key table append-only like the audit tables (decision 0028): a key row can be added but
 * never changed or deleted. Reuses the rejecting function of {@code V2_1} on PostgreSQL.
 */
public final class V16__AuditKeysAppendOnly extends BaseJavaMigration {
    private static final String TABLE = "audit_signing_key";

    @Override
    public void migrate(Context context) throws Exception {
        String product = context.getConnection().getMetaData().getDatabaseProductName();
        try (Statement s = context.getConnection().createStatement()) {
            if (product.startsWith("PostgreSQL")) {
                s.execute("CREATE TRIGGER " + TABLE + "_append_only BEFORE UPDATE OR DELETE ON " + TABLE
                        + " FOR EACH ROW EXECUTE FUNCTION audit_reject_change()");
                s.execute("CREATE TRIGGER " + TABLE + "_no_truncate BEFORE TRUNCATE ON " + TABLE
                        + " FOR EACH STATEMENT EXECUTE FUNCTION audit_reject_change()");
            } else {
                s.execute("CREATE TRIGGER " + TABLE + "_append_only BEFORE UPDATE, DELETE ON " + TABLE
                        + " FOR EACH ROW CALL '" + AppendOnlyTrigger.class.getName() + "'");
            }
        }
    }
}
