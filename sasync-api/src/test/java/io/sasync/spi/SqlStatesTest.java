package io.sasync.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.TableSpec;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class SqlStatesTest {

    /** What DBCP2 throws when the driver refuses to connect: no state of its own. */
    private static SQLException pooled(SQLException driver) {
        return new SQLException("Cannot create PoolableConnectionFactory (" + driver.getMessage() + ")", driver);
    }

    @Test
    void theDriversStateShowsThroughAPoolWrapperWithout() {
        SQLException driver = new SQLException("password authentication failed", "28P01", 0);
        SQLException wrapped = pooled(driver);
        assertSame(driver, SqlStates.first(new CompletionException(wrapped)).orElseThrow());
        assertEquals(List.of("28P01"), SqlStates.all(wrapped));
    }

    @Test
    void withoutAnyStateTheFirstSqlExceptionIsTheError() {
        SQLException bare = new SQLException("no state");
        assertSame(bare, SqlStates.first(new RuntimeException(bare)).orElseThrow());
        assertTrue(SqlStates.first(new RuntimeException("not a database error")).isEmpty());
        assertTrue(SqlStates.first(null).isEmpty());
    }

    @Test
    void nextExceptionsAndCausesAreBothSearched() {
        SQLException batch = new SQLException("batch failed", "22000");
        batch.setNextException(new SQLException("the row", "23505"));
        RuntimeException outer = new RuntimeException(new SQLException("outer", "XX000", batch));
        assertEquals(List.of("XX000", "22000", "23505"), SqlStates.all(outer));
        assertTrue(SqlStates.has(outer, "23505"));
        assertTrue(SqlStates.hasClass(outer, "23"));
        assertFalse(SqlStates.has(outer, "40001"));
    }

    @Test
    void aCycleEnds() {
        SQLException a = new SQLException("a", "40001");
        SQLException b = new SQLException("b", "40P01", a);
        a.setNextException(b);
        assertEquals(List.of("40001", "40P01"), SqlStates.all(b).stream().distinct().sorted().toList());
        assertTrue(SqlStates.chain(b).size() <= SqlStates.MAX_DEPTH);
    }

    @Test
    void unwrapTakesOffFutureWrappersOnly() {
        IllegalStateException cause = new IllegalStateException("x");
        assertSame(cause, SqlStates.unwrap(new CompletionException(new ExecutionException(cause))));
        RuntimeException other = new RuntimeException(cause);
        assertSame(other, SqlStates.unwrap(other));
    }

    @Test
    void theDefaultConnectionFailuresAreClasses08And28AndSocketErrors() {
        Dialect standard = new Dialect() {
            @Override
            public String name() {
                return "standard";
            }

            @Override
            public boolean supportsUrl(String jdbcUrl) {
                return false;
            }

            @Override
            public Upsert upsert(TableSpec table, List<String> keyColumns, List<String> valueColumns) {
                throw new UnsupportedOperationException();
            }

            @Override
            public boolean isObjectExists(SQLException e) {
                return false;
            }
        };
        assertTrue(standard.isConnectionFailure(pooled(new SQLException("refused", "08001"))));
        assertTrue(standard.isConnectionFailure(pooled(new SQLException("no such role", "28000"))));
        assertTrue(standard.isConnectionFailure(new SQLNonTransientConnectionException("gone")));
        assertTrue(standard.isConnectionFailure(new SQLException("I/O", null, new ConnectException("refused"))));
        assertFalse(standard.isConnectionFailure(new SQLException("duplicate", "23505")));
        assertTrue(standard.isCancelled(new SQLException("canceling statement", "57014")));
        assertTrue(standard.isRetryable(new SQLException("deadlock", "40P01")));
        assertTrue(standard.isDuplicateKey(pooled(new SQLException("duplicate", "23505"))));
    }
}
