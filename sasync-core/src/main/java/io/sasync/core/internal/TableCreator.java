package io.sasync.core.internal;

import io.sasync.DatabaseException;
import io.sasync.IndexSpec;
import io.sasync.TableSpec;
import io.sasync.TaskQueue;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Creates a table and its indexes unless they exist. Each statement commits on its own (a failed
 * DDL statement aborts the whole transaction on some databases), and losing a race to create an
 * object counts as success: after a failure the catalog is asked again.
 *
 * <p>Within one process, creations on the same database take turns, on the queue's
 * {@link QueueResources#ddlLock() lock}: some catalogs (H2's) fail when read while another session
 * changes them. Races with other processes are left to the database and settled as above.
 */
public final class TableCreator {

    @FunctionalInterface
    private interface Check {
        boolean exists() throws SQLException;
    }

    private TableCreator() {
    }

    /**
     * @param queue the queue of the database: its pool, and its dialect, which writes the DDL
     * @param table the table
     * @throws DatabaseException when the table or an index could not be created
     */
    public static void create(TaskQueue queue, TableSpec table) {
        refuseNamesTheDatabaseCannotTake(queue.dialect(), table);
        synchronized (QueueResources.ddlLockOf(queue)) {
            createAlone(queue, queue.dialect(), table);
        }
    }

    /**
     * @throws IllegalArgumentException naming the first name of the table the dialect says its
     *                                  database cannot take, before any DDL is written
     */
    private static void refuseNamesTheDatabaseCannotTake(Dialect dialect, TableSpec table) {
        Map<String, String> names = new LinkedHashMap<>();
        if (table.schema() != null) {
            names.put(table.schema(), "schema");
        }
        names.put(table.name(), "table");
        table.columns().forEach(c -> names.putIfAbsent(c.name(), "column"));
        table.indexes().forEach(i -> names.putIfAbsent(i.name(), "index"));
        for (Map.Entry<String, String> name : names.entrySet()) {
            dialect.identifierProblem(name.getKey()).ifPresent(problem -> {
                throw new IllegalArgumentException("cannot create table " + table.name() + " on " + dialect.name()
                        + ": the " + name.getValue() + " name [" + name.getKey() + "] " + problem);
            });
        }
    }

    private static void createAlone(TaskQueue queue, Dialect dialect, TableSpec table) {
        try (Connection c = TransactionRunner.borrow(queue)) {
            try {
                Check tableExists = () -> dialect.tableExists(c, table);
                createUnlessExists(c, dialect, dialect.createTable(table), tableExists);
                for (IndexSpec index : table.indexes()) {
                    Check indexExists = () -> dialect.indexExists(c, table, index.name());
                    createUnlessExists(c, dialect, dialect.createIndex(table, index), indexExists);
                }
            } finally {
                c.rollback();
            }
        } catch (SQLException e) {
            throw new DatabaseException("could not create table " + table.name() + ": " + e.getMessage()
                    + " (SQL state " + SqlStates.first(e).map(SQLException::getSQLState).orElse(null) + ")", e);
        }
    }

    private static void createUnlessExists(Connection c, Dialect dialect, String ddl, Check exists) throws SQLException {
        boolean present = exists.exists();
        c.commit();
        if (present) {
            return;
        }
        try (Statement statement = c.createStatement()) {
            statement.execute(ddl);
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            if (dialect.isObjectExists(e)) {
                return;
            }
            boolean lostRace = exists.exists();
            c.commit();
            if (!lostRace) {
                throw e;
            }
        }
    }
}
