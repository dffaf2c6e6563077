package io.sasync.testkit;

import static io.sasync.testkit.DialectTesting.both;
import static io.sasync.testkit.DialectTesting.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.ConnectionFailureException;
import io.sasync.DatabaseConfig;
import io.sasync.Row;
import io.sasync.TransactOptions;
import io.sasync.TransactionException;
import io.sasync.spi.SqlStates;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Faults a database produces by itself, without anything outside controlling the server, and how
 * the dialect classifies them: a deadlock and a lock timeout are retryable, a database that does
 * not exist is a connection failure and a syntax error is not, a transaction's timeout cancels its
 * running statement on the server, and a session the server ends midway is a connection failure
 * that commits nothing.
 *
 * <p>A test class extends it and implements {@link #newDatabase()}; the hooks it reads besides
 * are {@link #deadlockSettings()}, {@link #deadlockSqlStates()}, {@link #lockTimeoutSettings()},
 * {@link #lockTimeoutSqlStates()}, {@link #missingDatabase()}, {@link #slowQuery()} and
 * {@link #sessionEndingQuery()}. A check whose hook gives nothing is skipped, and says which hook
 * it needs. The lock checks need {@link Capability#CONCURRENT_CONNECTIONS}, the deadlock check
 * also {@link Capability#CONCURRENT_WRITES}.
 *
 * <pre>{@code
 * class MyDbFaultTest extends FaultContract {
 *     public DatabaseConfig.Builder newDatabase() { return DatabaseConfig.builder("jdbc:mydb:mem:" + UUID.randomUUID()); }
 *     public List<String> lockTimeoutSettings() { return List.of("SET LOCK_TIMEOUT 100"); }
 *     public Optional<DatabaseConfig> missingDatabase() { return Optional.of(DatabaseConfig.of("jdbc:mydb:mem:absent;IFEXISTS=TRUE")); }
 * }
 * }</pre>
 */
public abstract class FaultContract extends ContractSupport {

    /** For subclasses. */
    protected FaultContract() {
    }

    /** @return a new table {@code (k INTEGER PRIMARY KEY, v INTEGER)} holding the rows (1, 0) and (2, 0) */
    private String twoRowTable() throws SQLException {
        String table = table("locks");
        try (Connection c = connect()) {
            update(c, "CREATE TABLE " + table + " (k INTEGER PRIMARY KEY, v INTEGER)");
            update(c, "INSERT INTO " + table + " (k, v) VALUES (1, 0)");
            update(c, "INSERT INTO " + table + " (k, v) VALUES (2, 0)");
        }
        return table;
    }

    /** @return a new connection that has run some settings, then left auto-commit */
    private Connection transactionWith(List<String> settings) throws SQLException {
        Connection c = connect();
        try {
            for (String setting : settings) {
                update(c, setting);
            }
            c.setAutoCommit(false);
            return c;
        } catch (SQLException | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    private static void assertState(Set<String> expected, SQLException e, String hook) {
        if (!expected.isEmpty()) {
            assertTrue(expected.contains(e.getSQLState()), "SQL state " + e.getSQLState() + " is not one of "
                    + expected + " (" + hook + "()): " + e);
        }
    }

    @Test
    public void aDeadlockIsRetryable() throws Exception {
        requires(Capability.CONCURRENT_CONNECTIONS);
        requires(Capability.CONCURRENT_WRITES);
        String table = twoRowTable();
        try (Connection c1 = transactionWith(deadlockSettings()); Connection c2 = transactionWith(deadlockSettings())) {
            update(c1, "UPDATE " + table + " SET v = 1 WHERE k = 1");
            update(c2, "UPDATE " + table + " SET v = 2 WHERE k = 2");
            List<SQLException> failures = both(
                    () -> update(c1, "UPDATE " + table + " SET v = 1 WHERE k = 2"),
                    () -> update(c2, "UPDATE " + table + " SET v = 2 WHERE k = 1"));
            c1.rollback();
            c2.rollback();
            assertFalse(failures.isEmpty(), "one of the two transactions must fail");
            for (SQLException e : failures) {
                assertState(deadlockSqlStates(), e, "deadlockSqlStates");
                assertTrue(dialect().isRetryable(e), () -> "a deadlock is retryable: " + e + " (SQL state "
                        + e.getSQLState() + ")");
                assertFalse(dialect().isDuplicateKey(e), e::toString);
            }
        }
    }

    @Test
    public void aLockTimeoutIsRetryable() throws Exception {
        requires(Capability.CONCURRENT_CONNECTIONS);
        String table = twoRowTable();
        try (Connection holder = transactionWith(List.of()); Connection waiter = transactionWith(lockTimeoutSettings())) {
            update(holder, "UPDATE " + table + " SET v = 1 WHERE k = 1");
            List<SQLException> failures = both(() -> update(waiter, "UPDATE " + table + " SET v = 2 WHERE k = 1"),
                    () -> null);
            waiter.rollback();
            holder.rollback();
            assertEquals(1, failures.size(), "the wait for the row lock must end in a failure");
            SQLException e = failures.get(0);
            assertState(lockTimeoutSqlStates(), e, "lockTimeoutSqlStates");
            assertTrue(dialect().isRetryable(e), () -> "a lock timeout is retryable: " + e + " (SQL state "
                    + e.getSQLState() + ")");
            assertFalse(dialect().isDuplicateKey(e), e::toString);
        }
    }

    @Test
    public void aMissingDatabaseIsAConnectionFailureAndASyntaxErrorIsNot() throws Exception {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            SQLException syntax = assertThrows(SQLException.class, () -> s.execute("CREAT TABLE nothing (x INT)"));
            assertFalse(dialect().isConnectionFailure(syntax), syntax.toString());
            assertFalse(dialect().isRetryable(syntax), syntax.toString());
        }
        Optional<DatabaseConfig> missing = missingDatabase();
        Assumptions.assumeTrue(missing.isPresent(), "the missing database is not checked: missingDatabase() gives none");
        SQLException e = assertThrows(SQLException.class, () -> connect(missing.get()).close(),
                "connecting to " + missing.get().safeUrl() + " must fail");
        assertTrue(dialect().isConnectionFailure(e), () -> "failing to connect is a connection failure: " + e
                + " (SQL state " + e.getSQLState() + ")");
    }

    @Test
    public void aTimeoutCancelsTheRunningStatementAndCommitsNothing() throws Exception {
        Optional<String> slow = slowQuery();
        Assumptions.assumeTrue(slow.isPresent(), "needs a query that runs for 30 s: slowQuery() gives none");
        String table = table("sleepy");
        await(broker().update("CREATE TABLE " + table + " (x INTEGER)"));
        CompletableFuture<List<Row>> sleepy = broker().transact(
                TransactOptions.DEFAULT.withTimeout(Duration.ofMillis(300)), s -> {
                    s.update("INSERT INTO " + table + " VALUES (1)");
                    return s.query(slow.get());
                });
        TransactionException te = assertInstanceOf(TransactionException.class, failure(sleepy));
        assertInstanceOf(TimeoutException.class, te.getCause());
        assertEquals(List.of(), await(broker().sql("SELECT x FROM " + table)), "nothing was committed");
        // The statement was cancelled on the server, not waited out: shutdown, which lets running
        // work finish, does not wait for the 30 s query.
        broker().shutdown().get(10, TimeUnit.SECONDS);
    }

    @Test
    public void aSessionTheServerEndsMidTransactionIsAConnectionFailureAndCommitsNothing() throws Exception {
        Optional<String> ending = sessionEndingQuery();
        Assumptions.assumeTrue(ending.isPresent(), "needs a query that ends its session: sessionEndingQuery() gives none");
        String table = table("ended");
        await(broker().update("CREATE TABLE " + table + " (x INTEGER)"));
        CompletableFuture<List<Row>> ended = broker().transact(s -> {
            s.update("INSERT INTO " + table + " VALUES (1)");
            return s.query(ending.get());
        });
        ConnectionFailureException e = assertInstanceOf(ConnectionFailureException.class, failure(ended));
        assertTrue(e.sqlState().isPresent(), e.getMessage());
        assertTrue(dialect().isConnectionFailure(SqlStates.first(e).orElseThrow()), e.getMessage());
        assertEquals(List.of(), await(broker().sql("SELECT x FROM " + table)), "nothing was committed, and the broker goes on");
    }
}
