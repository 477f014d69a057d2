package dev.bulwark.server.db;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Copies every row of one Bulwark database into another of the same schema version, for example an H2 file into
 * PostgreSQL (docs/decisions/0036-postgresql.md). Tables are copied parents first (by their foreign keys), values
 * as JDBC objects, so instants keep their microseconds and UUIDs stay UUIDs. The whole copy is one transaction on
 * the target: it lands entirely or not at all.
 */
public final class TableCopy {
    private static final int BATCH = 1_000;
    private static final String SCHEMA_HISTORY = "flyway_schema_history";

    /** The rows copied per table, in copy order. */
    public record Result(Map<String, Long> rows) {
        public long rowsOf(String table) {
            return rows.getOrDefault(table, 0L);
        }
    }

    private TableCopy() {}

    /**
     * Copies {@code from} into {@code to}.
     *
     * @throws IllegalStateException when the two schemas differ or the target already holds users or audit records
     */
    public static Result copy(Connection from, Connection to) throws SQLException {
        List<String> tables = tablesParentsFirst(from);
        Set<String> targetTables = Set.copyOf(tablesParentsFirst(to));
        if (!targetTables.equals(Set.copyOf(tables))) {
            throw new IllegalStateException("The two databases do not have the same tables; both must be migrated to"
                    + " the same version of Bulwark first.");
        }
        if (count(to, "app_user") > 0 || count(to, "audit_event") > 0) {
            throw new IllegalStateException("The target database already holds users or audit records; moving into it"
                    + " would mix two servers. Give an empty database.");
        }
        boolean autoCommit = to.getAutoCommit();
        to.setAutoCommit(false);
        try {
            // Rows the migrations seeded (the audit head's genesis row) are replaced by the source's; children first.
            for (String table : tables.reversed()) {
                try (Statement s = to.createStatement()) {
                    s.executeUpdate("DELETE FROM " + table);
                }
            }
            Map<String, Long> rows = new LinkedHashMap<>();
            for (String table : tables) {
                rows.put(table, copyTable(from, to, table));
            }
            to.commit();
            return new Result(rows);
        } catch (SQLException | RuntimeException e) {
            to.rollback();
            throw e;
        } finally {
            to.setAutoCommit(autoCommit);
        }
    }

    /** Rows in {@code table}. */
    public static long count(Connection c, String table) throws SQLException {
        try (Statement s = c.createStatement();
                ResultSet r = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            r.next();
            return r.getLong(1);
        }
    }

    private static long copyTable(Connection from, Connection to, String table) throws SQLException {
        long copied = 0;
        try (Statement read = from.createStatement()) {
            read.setFetchSize(BATCH);
            try (ResultSet r = read.executeQuery("SELECT * FROM " + table)) {
                ResultSetMetaData meta = r.getMetaData();
                int columns = meta.getColumnCount();
                List<String> names = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    names.add(meta.getColumnName(i).toLowerCase(Locale.ROOT));
                }
                String insert = "INSERT INTO " + table + " (" + String.join(", ", names) + ") VALUES ("
                        + String.join(", ", names.stream().map(n -> "?").toList()) + ")";
                try (PreparedStatement write = to.prepareStatement(insert)) {
                    int pending = 0;
                    while (r.next()) {
                        for (int i = 1; i <= columns; i++) {
                            write.setObject(i, r.getObject(i));
                        }
                        write.addBatch();
                        copied++;
                        if (++pending == BATCH) {
                            write.executeBatch();
                            pending = 0;
                        }
                    }
                    if (pending > 0) {
                        write.executeBatch();
                    }
                }
            }
        }
        return copied;
    }

    /** Bulwark's tables (lower case), every table after the tables its foreign keys point at. */
    static List<String> tablesParentsFirst(Connection c) throws SQLException {
        DatabaseMetaData meta = c.getMetaData();
        String schema = c.getSchema();
        Map<String, Set<String>> parents = new LinkedHashMap<>();
        try (ResultSet r = meta.getTables(null, schema, "%", new String[] {"TABLE"})) {
            while (r.next()) {
                String name = r.getString("TABLE_NAME").toLowerCase(Locale.ROOT);
                if (!name.equals(SCHEMA_HISTORY)) {
                    parents.put(name, new LinkedHashSet<>());
                }
            }
        }
        for (Map.Entry<String, Set<String>> table : parents.entrySet()) {
            try (ResultSet r = meta.getImportedKeys(null, schema, tableName(meta, table.getKey()))) {
                while (r.next()) {
                    String parent = r.getString("PKTABLE_NAME").toLowerCase(Locale.ROOT);
                    if (!parent.equals(table.getKey())) {
                        table.getValue().add(parent);
                    }
                }
            }
        }
        List<String> ordered = new ArrayList<>();
        Set<String> placed = new LinkedHashSet<>();
        List<String> names = new ArrayList<>(parents.keySet());
        names.sort(Comparator.naturalOrder());
        while (ordered.size() < names.size()) {
            boolean progressed = false;
            for (String name : names) {
                if (!placed.contains(name) && placed.containsAll(parents.get(name))) {
                    ordered.add(name);
                    placed.add(name);
                    progressed = true;
                }
            }
            if (!progressed) {
                throw new IllegalStateException("The tables' foreign keys form a cycle: " + parents);
            }
        }
        return ordered;
    }

    private static String tableName(DatabaseMetaData meta, String lowerCase) throws SQLException {
        return meta.storesUpperCaseIdentifiers() ? lowerCase.toUpperCase(Locale.ROOT) : lowerCase;
    }
}
