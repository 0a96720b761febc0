package dev.rapport.infra.testing;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;

/**
 * What the service under test has stored, as a fingerprint per table (row count and an md5 over
 * every row's text), so a test can show that bad input changed nothing. Reads every table of schema
 * {@code public} over JDBC ({@link ServiceDatabase}) in one repeatable-read transaction, except the
 * bookkeeping tables of Flyway and rapport-messaging, whose rows come and go in the background
 * (the outbox relay deletes published rows, consumers record the events they processed). A service
 * names further tables that background jobs change, or only the columns and rows of a table that
 * stay put while jobs run.
 */
public final class StoredData {

    /** Flyway's history, the outbox (emptied by the relay) and the processed-event log (written by every consumer, purged by age). */
    public static final Set<String> BOOKKEEPING = Set.of("flyway_schema_history", "rapport_outbox", "rapport_processed_event");

    /** One table's fingerprint. */
    public record Table(String name, long rows, String md5) {
    }

    /** The fingerprints of all compared tables at one moment. */
    public record Snapshot(Map<String, Table> tables) {

        public int size() {
            return tables.size();
        }

        /** What differs from an earlier snapshot, one line per table; empty if nothing does. */
        public List<String> changesSince(Snapshot before) {
            List<String> changes = new ArrayList<>();
            Set<String> names = new LinkedHashSet<>(before.tables.keySet());
            names.addAll(tables.keySet());
            for (String name : names) {
                Table was = before.tables.get(name);
                Table is = tables.get(name);
                if (was == null || is == null) {
                    changes.add(name + ": " + (was == null ? "appeared" : "disappeared"));
                } else if (was.rows != is.rows) {
                    changes.add(name + ": " + was.rows + " rows before, " + is.rows + " after");
                } else if (!was.md5.equals(is.md5)) {
                    changes.add(name + ": same " + is.rows + " rows, but their content changed");
                }
            }
            return changes;
        }

        /** e.g. {@code profile=12, profile_identity=30, ...}. */
        public String describe() {
            StringBuilder text = new StringBuilder();
            tables.values().forEach(t -> text.append(text.isEmpty() ? "" : ", ").append(t.name).append('=').append(t.rows));
            return text.toString();
        }
    }

    private final Set<String> excluded;
    private final Map<String, String> columns;
    private final Map<String, String> conditions;

    private StoredData(Set<String> excluded, Map<String, String> columns, Map<String, String> conditions) {
        this.excluded = excluded;
        this.columns = columns;
        this.conditions = conditions;
    }

    /** Every table of the service's database except {@link #BOOKKEEPING}. */
    public static StoredData ofService() {
        return new StoredData(new LinkedHashSet<>(BOOKKEEPING), new HashMap<>(), new HashMap<>());
    }

    /** Leaves out tables that background jobs change (e.g. a scheduler's progress table). */
    public StoredData excluding(String... tables) {
        StoredData copy = copy();
        copy.excluded.addAll(List.of(tables));
        return copy;
    }

    /** Compares only these columns of the table (a SQL select list), e.g. those a background job never updates. */
    public StoredData columns(String table, String selectList) {
        StoredData copy = copy();
        copy.columns.put(table, selectList);
        return copy;
    }

    /** Compares only the rows of the table that satisfy the SQL condition, e.g. those no background job appends. */
    public StoredData rows(String table, String condition) {
        StoredData copy = copy();
        copy.conditions.put(table, condition);
        return copy;
    }

    /** The compared tables' names, sorted. */
    public List<String> tables() {
        try (Connection connection = ServiceDatabase.connect()) {
            return tables(connection);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot list the tables", e);
        }
    }

    /** The fingerprints now. */
    public Snapshot snapshot() {
        try (Connection connection = ServiceDatabase.connect()) {
            connection.setAutoCommit(false);
            connection.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
            Map<String, Table> tables = new TreeMap<>();
            for (String table : tables(connection)) {
                String select = "SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM (SELECT "
                        + columns.getOrDefault(table, "*") + " FROM " + quote(table)
                        + (conditions.containsKey(table) ? " WHERE " + conditions.get(table) : "") + ") t";
                try (Statement statement = connection.createStatement(); ResultSet row = statement.executeQuery(select)) {
                    row.next();
                    tables.put(table, new Table(table, row.getLong(1), row.getString(2)));
                }
            }
            connection.rollback();
            return new Snapshot(tables);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot fingerprint the stored data", e);
        }
    }

    /**
     * A snapshot taken once the data has stopped changing (two snapshots half a second apart agree),
     * so that work still under way from earlier tests (a consumer, the relay) does not count as a
     * change; after {@code max} the latest snapshot, settled or not.
     */
    public Snapshot settled(Duration max) {
        long deadline = System.nanoTime() + max.toNanos();
        Snapshot previous = snapshot();
        while (true) {
            sleep(500);
            Snapshot current = snapshot();
            if (current.changesSince(previous).isEmpty() || System.nanoTime() > deadline) {
                return current;
            }
            previous = current;
        }
    }

    /** Within 20 seconds. */
    public Snapshot settled() {
        return settled(Duration.ofSeconds(20));
    }

    /**
     * The rows of every table (bookkeeping and excluded ones too) that name the id in any uuid
     * column, and the outbox rows keyed by it, as "count rows, md5" per table; only tables with
     * such rows are listed. For "nothing stored about this customer changed".
     */
    public static Map<String, String> about(UUID id) {
        Map<String, List<String>> uuidColumns = new TreeMap<>();
        for (Object[] column : ServiceDatabase.rows("""
                SELECT table_name, column_name FROM information_schema.columns
                WHERE table_schema = 'public' AND data_type = 'uuid' ORDER BY table_name, ordinal_position""")) {
            uuidColumns.computeIfAbsent((String) column[0], t -> new ArrayList<>()).add((String) column[1]);
        }
        Map<String, String> found = new LinkedHashMap<>();
        try (Connection connection = ServiceDatabase.connect()) {
            for (Map.Entry<String, List<String>> table : uuidColumns.entrySet()) {
                String where = String.join(" OR ", table.getValue().stream().map(c -> quote(c) + " = ?").toList());
                fingerprint(connection, found, table.getKey(), where, table.getValue().size(), id);
            }
            fingerprint(connection, found, "rapport_outbox", "message_key = CAST(? AS text)", 1, id);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot look for rows of " + id, e);
        }
        return found;
    }

    private static void fingerprint(Connection connection, Map<String, String> found, String table, String where, int params, UUID id)
            throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement("SELECT count(*), md5(coalesce(string_agg(t::text, '|' ORDER BY t::text), '')) FROM "
                + quote(table) + " t WHERE " + where)) {
            for (int i = 0; i < params; i++) {
                statement.setObject(i + 1, id);
            }
            try (ResultSet row = statement.executeQuery()) {
                row.next();
                if (row.getLong(1) > 0) {
                    found.put(table, row.getLong(1) + " rows, md5 " + row.getString(2));
                }
            }
        }
    }

    private List<String> tables(Connection connection) throws SQLException {
        List<String> names = new ArrayList<>();
        try (Statement statement = connection.createStatement();
             ResultSet rows = statement.executeQuery("SELECT table_name FROM information_schema.tables "
                     + "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name")) {
            while (rows.next()) {
                if (!excluded.contains(rows.getString(1))) {
                    names.add(rows.getString(1));
                }
            }
        }
        return names;
    }

    private StoredData copy() {
        return new StoredData(new LinkedHashSet<>(excluded), new HashMap<>(columns), new HashMap<>(conditions));
    }

    private static String quote(String identifier) {
        return '"' + identifier.replace("\"", "\"\"") + '"';
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
