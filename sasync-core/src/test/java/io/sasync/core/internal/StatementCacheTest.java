package io.sasync.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.core.H2TestDialect;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The statements kept between transactions, on a real H2 connection. */
class StatementCacheTest {

    private final StatementCache cache = new StatementCache();
    private Connection connection;

    @BeforeEach
    void open() throws SQLException {
        connection = DriverManager.getConnection("jdbc:h2:mem:statements-" + UUID.randomUUID());
        connection.createStatement().execute("CREATE TABLE t (id INT PRIMARY KEY, name VARCHAR(20))");
    }

    @AfterEach
    void close() throws SQLException {
        cache.close();
        connection.close();
    }

    private JdbcSession session() {
        return new JdbcSession(connection, new H2TestDialect(), cache, null);
    }

    @Test
    void theSameSqlGetsTheSameStatementAndNamesAreApart() throws SQLException {
        String sql = "SELECT name FROM t WHERE id = ?";
        PreparedStatement first = cache.forSql(connection, sql);
        assertSame(first, cache.forSql(connection, sql));
        assertNotSame(first, cache.forSql(connection, "SELECT id FROM t"));
        assertNotSame(first, cache.get(connection, sql, sql), "a statement named like some SQL is another one");
        assertEquals(1, cache.connections());
    }

    @Test
    void theLeastRecentlyUsedStatementIsClosedBeyondTheBound() throws SQLException {
        PreparedStatement eldest = cache.forSql(connection, "SELECT 0");
        for (int i = 1; i <= StatementCache.MAX_PER_CONNECTION; i++) {
            cache.forSql(connection, "SELECT " + i);
        }
        assertTrue(eldest.isClosed());
        PreparedStatement again = cache.forSql(connection, "SELECT 0");
        assertNotSame(eldest, again);
        assertFalse(again.isClosed());
    }

    @Test
    void aClosedStatementIsPreparedAgain() throws SQLException {
        PreparedStatement first = cache.forSql(connection, "SELECT 1");
        first.close();
        assertFalse(cache.forSql(connection, "SELECT 1").isClosed());
    }

    @Test
    void closingTheCacheClosesEveryStatement() throws SQLException {
        PreparedStatement bySql = cache.forSql(connection, "SELECT 1");
        PreparedStatement named = cache.get(connection, "one", "SELECT 1");
        cache.close();
        assertTrue(bySql.isClosed());
        assertTrue(named.isClosed());
        assertEquals(0, cache.connections());
    }

    @Test
    void sessionsReuseTheStatementsOfQueriesAndUpdatesWithoutTheirParameters() throws SQLException {
        String insert = "INSERT INTO t (id, name) VALUES (?, ?)";
        JdbcSession first = session();
        assertEquals(1, first.update(insert, 1, "one"));
        first.close();
        PreparedStatement kept = cache.forSql(connection, insert);
        assertFalse(kept.isClosed(), "the statement outlives its transaction");

        JdbcSession second = session();
        assertThrows(SQLException.class, () -> second.update(insert, 2),
                "a parameter left out fails instead of taking the last transaction's value");
        assertThrows(SQLException.class, () -> second.update(insert, 1, "again"), "duplicate key");
        assertEquals(1, second.update(insert, 2, "two"), "a statement that failed is still usable");
        assertEquals("two", second.first("SELECT name FROM t WHERE id = ?", 2).orElseThrow().get(0));
        assertEquals(2, second.query("SELECT name FROM t ORDER BY id").size());
        second.close();
        assertSame(kept, cache.forSql(connection, insert));
    }
}
