package io.sasync.dialect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.IndexSpec;
import io.sasync.TableSpec;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What only a real PostgreSQL server shows, over plain JDBC: its own keyword list, a lock refused
 * under {@code NOWAIT}, serialization failures between two connections, a session ended by
 * another, and the catalog violation the loser of two concurrent {@code CREATE … IF NOT EXISTS}
 * receives. Everything happens in a schema of its own, dropped at the end. What every dialect must
 * do is proved by the kit's contracts ({@link PostgresContractsTest}, {@link PostgresBrokerTest}),
 * deadlocks, lock timeouts and a missing database included.
 */
class PostgresDatabaseTest {

    private static final String SCHEMA = "sasync_dialect_test_" + Long.toHexString(System.nanoTime());

    private static Connection keeper;
    private final PostgresDialect dialect = new PostgresDialect();
    private final List<String> created = new ArrayList<>();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @BeforeAll
    static void openDatabase() throws SQLException {
        if (!PostgresTestDatabase.available() && !PostgresTestDatabase.required()) {
            return; // each test is then skipped, loudly, by requirePostgres()
        }
        PostgresTestDatabase.assumeAvailable();
        keeper = PostgresTestDatabase.connect();
        execute(keeper, "CREATE SCHEMA " + SCHEMA);
        keeper.setSchema(SCHEMA);
    }

    @AfterAll
    static void closeDatabase() throws SQLException {
        if (keeper != null) {
            try {
                execute(keeper, "DROP SCHEMA " + SCHEMA + " CASCADE");
            } finally {
                keeper.close();
            }
        }
    }

    private static Connection connect() throws SQLException {
        return PostgresTestDatabase.connect(SCHEMA);
    }

    @BeforeEach
    void requirePostgres() {
        PostgresTestDatabase.assumeAvailable();
    }

    @AfterEach
    void dropTables() {
        for (String table : created) {
            try (Statement s = keeper.createStatement()) {
                s.execute("DROP TABLE IF EXISTS " + dialect.quote(table) + " CASCADE");
            } catch (SQLException e) {
                throw new AssertionError("could not drop " + table, e);
            }
        }
    }

    private String unique(String base) {
        String name = base + "_" + COUNTER.incrementAndGet();
        created.add(name);
        return name;
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    @Test
    void reservedWordsCoverTheServersKeywords() throws SQLException {
        Set<String> server = new TreeSet<>();
        try (Statement s = keeper.createStatement();
             ResultSet rs = s.executeQuery("SELECT upper(word) FROM pg_get_keywords() WHERE catcode IN ('R', 'T')")) {
            while (rs.next()) {
                server.add(rs.getString(1));
            }
        }
        assertFalse(server.isEmpty());
        server.removeAll(dialect.reservedWords());
        assertEquals(Set.of(), server, "reserved by this server but not quoted by the dialect");
    }

    /** A lock not granted at once under {@code NOWAIT}; the kit's fault contract checks {@code lock_timeout}. */
    @Test
    void aLockRefusedUnderNowaitIsRetryable() throws Exception {
        String table = twoRowTable();
        try (Connection c1 = connect(); Connection c2 = connect()) {
            c1.setAutoCommit(false);
            c2.setAutoCommit(false);
            execute(c1, "UPDATE " + table + " SET v = 1 WHERE k = 1");
            SQLException nowait = assertThrows(SQLException.class,
                    () -> execute(c2, "SELECT v FROM " + table + " WHERE k = 1 FOR UPDATE NOWAIT"));
            c2.rollback();
            c1.rollback();
            for (SQLException e : List.of(nowait)) {
                assertEquals("55P03", e.getSQLState());
                assertTrue(dialect.isRetryable(e), e::toString);
                assertFalse(dialect.isDuplicateKey(e));
            }
        }
    }

    @Test
    void serializationFailureIsRetryable() throws Exception {
        String table = twoRowTable();
        try (Connection c1 = connect(); Connection c2 = connect()) {
            for (Connection c : List.of(c1, c2)) {
                c.setAutoCommit(false);
                c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
            }
            List<SQLException> failures = new ArrayList<>();
            // Each reads what the other writes: no serial order explains both, so one must fail.
            execute(c1, "SELECT SUM(v) FROM " + table);
            execute(c2, "SELECT SUM(v) FROM " + table);
            execute(c1, "UPDATE " + table + " SET v = 1 WHERE k = 1");
            try {
                execute(c2, "UPDATE " + table + " SET v = 2 WHERE k = 2");
                c1.commit();
                c2.commit();
            } catch (SQLException e) {
                failures.add(e);
            }
            c1.rollback();
            c2.rollback();
            assertEquals(1, failures.size(), "the second transaction to commit must fail");
            assertEquals("40001", failures.get(0).getSQLState());
            assertTrue(dialect.isRetryable(failures.get(0)), failures.get(0)::toString);
            assertFalse(dialect.isDuplicateKey(failures.get(0)));
        }
    }

    @Test
    void losingAConcurrentCreateIsObjectExists() throws Exception {
        TableSpec table = TableSpec.builder(unique("race"))
                .column(Column.of("k", ColumnType.INTEGER).asPrimaryKey())
                .index(IndexSpec.of(unique("race_k"), "k"))
                .build();
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try (Connection c1 = connect(); Connection c2 = connect()) {
            c1.setAutoCommit(false);
            c2.setAutoCommit(false);
            int pid2 = backendPid(c2);
            for (String ddl : List.of(dialect.createTable(table), dialect.createIndex(table, table.indexes().get(0)))) {
                execute(c1, ddl);
                Future<?> second = pool.submit(() -> {
                    execute(c2, ddl);
                    return null;
                });
                awaitLockWait(pid2);
                c1.commit();
                java.util.concurrent.ExecutionException e = assertThrows(java.util.concurrent.ExecutionException.class,
                        () -> second.get(60, TimeUnit.SECONDS), "the second creator must lose: " + ddl);
                c2.rollback();
                SQLException lost = assertInstanceOf(SQLException.class, e.getCause());
                assertTrue(dialect.isObjectExists(lost), lost::toString);
                assertFalse(dialect.isDuplicateKey(lost), lost::toString);
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static int backendPid(Connection c) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    /** Waits until the backend {@code pid} waits for a lock. */
    private static void awaitLockWait(int pid) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        try (PreparedStatement ps = keeper.prepareStatement("SELECT wait_event_type FROM pg_stat_activity WHERE pid = ?")) {
            ps.setInt(1, pid);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = ps.executeQuery()) {
                    if (rs.next() && "Lock".equals(rs.getString(1))) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        fail("backend " + pid + " did not wait for a lock within 30 s");
    }

    private String twoRowTable() throws SQLException {
        String table = unique("locks");
        execute(keeper, "CREATE TABLE " + table + " (k INTEGER PRIMARY KEY, v INTEGER)");
        execute(keeper, "INSERT INTO " + table + " VALUES (1, 0), (2, 0)");
        return table;
    }

    /** A session another ends; the kit's fault contract checks a missing database and a session ending itself. */
    @Test
    void aSessionEndedByAnotherIsAConnectionFailure() throws Exception {
        try (Connection victim = connect()) {
            int pid;
            try (Statement s = victim.createStatement(); java.sql.ResultSet rs = s.executeQuery("SELECT pg_backend_pid()")) {
                rs.next();
                pid = rs.getInt(1);
            }
            execute(keeper, "SELECT pg_terminate_backend(" + pid + ")");
            SQLException ended = assertThrows(SQLException.class, () -> execute(victim, "SELECT 1"));
            assertTrue(dialect.isConnectionFailure(ended), ended + " (SQL state " + ended.getSQLState() + ")");
        }
    }
}
