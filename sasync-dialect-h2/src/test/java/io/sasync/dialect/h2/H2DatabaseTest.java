package io.sasync.dialect.h2;

import static io.sasync.testkit.DialectTesting.both;
import static io.sasync.testkit.DialectTesting.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * What only H2 shows, against a real in-memory H2 database over plain JDBC: the SQL states of its
 * deadlocks and lock timeouts, seen with two connections. What every dialect must do (DDL,
 * catalog, upsert, values, keys) is the dialect contract in {@code sasync-tests}.
 */
class H2DatabaseTest {

    private static final String URL = "jdbc:h2:mem:H2DatabaseTest";

    private static Connection keeper;
    private final H2Dialect dialect = new H2Dialect();
    private final List<String> created = new ArrayList<>();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @BeforeAll
    static void openDatabase() throws SQLException {
        keeper = DriverManager.getConnection(URL);
    }

    @AfterAll
    static void closeDatabase() throws SQLException {
        keeper.close();
    }

    @AfterEach
    void dropTables() {
        for (String table : created) {
            try (Statement s = keeper.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + dialect.quote(table));
            } catch (SQLException e) {
                throw new AssertionError("could not drop " + table, e);
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void deadlockIsRetryable() throws Exception {
        String table = twoRowTable();
        try (Connection c1 = DriverManager.getConnection(URL); Connection c2 = DriverManager.getConnection(URL)) {
            for (Connection c : List.of(c1, c2)) {
                c.setAutoCommit(false);
                execute(c, "SET LOCK_TIMEOUT 10000");
            }
            execute(c1, "UPDATE " + table + " SET v = 1 WHERE k = 1");
            execute(c2, "UPDATE " + table + " SET v = 2 WHERE k = 2");
            List<SQLException> failures = both(
                    () -> update(c1, "UPDATE " + table + " SET v = 1 WHERE k = 2"),
                    () -> update(c2, "UPDATE " + table + " SET v = 2 WHERE k = 1"));
            c1.rollback();
            c2.rollback();
            assertFalse(failures.isEmpty(), "one of the two transactions must fail");
            for (SQLException e : failures) {
                assertEquals("40001", e.getSQLState());
                assertTrue(dialect.isRetryable(e), e::toString);
            }
        }
    }

    @Test
    void lockTimeoutIsRetryable() throws Exception {
        String table = twoRowTable();
        try (Connection c1 = DriverManager.getConnection(URL); Connection c2 = DriverManager.getConnection(URL)) {
            c1.setAutoCommit(false);
            c2.setAutoCommit(false);
            execute(c2, "SET LOCK_TIMEOUT 100");
            execute(c1, "UPDATE " + table + " SET v = 1 WHERE k = 1");
            SQLException e = assertThrows(SQLException.class, () -> execute(c2, "UPDATE " + table + " SET v = 2 WHERE k = 1"));
            c1.rollback();
            c2.rollback();
            assertEquals("HYT00", e.getSQLState());
            assertTrue(dialect.isRetryable(e), e::toString);
            assertFalse(dialect.isDuplicateKey(e));
        }
    }

    private String twoRowTable() throws SQLException {
        String table = "locks_" + COUNTER.incrementAndGet();
        created.add(table);
        execute(keeper, "CREATE TABLE " + table + " (k INTEGER PRIMARY KEY, v INTEGER)");
        execute(keeper, "INSERT INTO " + table + " VALUES (1, 0), (2, 0)");
        return table;
    }

    @Test
    void aMissingOrClosedDatabaseIsAConnectionFailureAndAStatementErrorIsNot() throws SQLException {
        SQLException missing = assertThrows(SQLException.class,
                () -> DriverManager.getConnection("jdbc:h2:mem:absent-" + COUNTER.incrementAndGet() + ";IFEXISTS=TRUE"));
        assertTrue(dialect.isConnectionFailure(missing), missing.toString());

        String closing = "jdbc:h2:mem:closing-" + COUNTER.incrementAndGet();
        try (Connection first = DriverManager.getConnection(closing); Connection second = DriverManager.getConnection(closing)) {
            update(first, "SHUTDOWN");
            SQLException closed = assertThrows(SQLException.class, () -> update(second, "CREATE TABLE t (x INT)"));
            assertTrue(dialect.isConnectionFailure(closed), closed.toString());
        }

        SQLException syntax = assertThrows(SQLException.class, () -> update(keeper, "CREAT TABLE nothing (x INT)"));
        assertFalse(dialect.isConnectionFailure(syntax), syntax.toString());
    }
}
