package io.sasync.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sasync.ConnectionFailureException;
import io.sasync.OutcomeUnknownException;
import io.sasync.SqlRefusedException;
import io.sasync.TaskQueue;
import io.sasync.TransactOptions;
import io.sasync.TransactionCancelledException;
import io.sasync.TransactionException;
import io.sasync.Work;
import io.sasync.WorkFailedException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** How a transaction's end is reported, stage by stage, on JDBC objects that fail on demand. */
class TransactionsTest {

    private final DataSource dataSource = mock(DataSource.class);
    private final Connection connection = mock(Connection.class);
    private final TransactionRunner.Scope scope = new TransactionRunner.Scope() {
        @Override
        public void enter(JdbcSession session) {
        }

        @Override
        public void exit() {
        }
    };

    private final TaskQueue queue = new StubQueue(dataSource);

    private TransactionException failureOf(Work<?> work) {
        return failureOf(TransactOptions.DEFAULT, work);
    }

    private TransactionException failureOf(TransactOptions options, Work<?> work) {
        return assertThrows(TransactionException.class, () -> TransactionRunner.run(queue, work, options, List.of(), scope));
    }

    @Test
    void aConnectionRefusedKeepsTheDriversStateBeneathThePoolsWrapperAndSaysNothingRan() throws Exception {
        SQLException driver = new SQLException("password authentication failed for user \"app\"", "28P01", 0);
        when(dataSource.getConnection()).thenThrow(new SQLException("Cannot create PoolableConnectionFactory", driver));
        ConnectionFailureException e = assertInstanceOf(ConnectionFailureException.class, failureOf(s -> 1));
        assertEquals("28P01", e.sqlState().orElseThrow());
        assertTrue(e.getMessage().contains("nothing ran"), e.getMessage());
        assertFalse(e.getMessage().contains("rolled back"), e.getMessage());
    }

    @Test
    void aConnectionLostDuringTheCommitLeavesTheOutcomeUnknown() throws Exception {
        when(dataSource.getConnection()).thenReturn(connection);
        doThrow(new SQLException("An I/O error occurred while sending to the backend", "08006"))
                .when(connection).setAutoCommit(true);
        OutcomeUnknownException e = assertInstanceOf(OutcomeUnknownException.class, failureOf(s -> 1));
        assertEquals("08006", e.sqlState().orElseThrow());
        assertTrue(e.getMessage().contains("may or may not have committed"), e.getMessage());
        verify(connection).close();
    }

    @Test
    void aCommitTheDatabaseRefusesIsRolledBackAndKeepsItsClassification() throws Exception {
        when(dataSource.getConnection()).thenReturn(connection);
        doThrow(new SQLException("could not serialize access", "40001")).when(connection).setAutoCommit(true);
        SqlRefusedException e = assertInstanceOf(SqlRefusedException.class, failureOf(s -> 1));
        assertTrue(e.isRetryable());
        assertTrue(e.getMessage().endsWith("rolled back"), e.getMessage());
        verify(connection).rollback();
    }

    @Test
    void aConnectionLostWhileTheWorkRunsIsAConnectionFailureNotCommitted() throws Exception {
        when(dataSource.getConnection()).thenReturn(connection);
        ConnectionFailureException e = assertInstanceOf(ConnectionFailureException.class, failureOf(s -> {
            throw new SQLException("terminating connection due to administrator command", "08003");
        }));
        assertTrue(e.getMessage().contains("not committed"), e.getMessage());
    }

    @Test
    void inAutoCommitALostConnectionLeavesTheOutcomeUnknownAndNoFailureClaimsARollback() throws Exception {
        when(dataSource.getConnection()).thenReturn(connection);
        when(connection.getAutoCommit()).thenReturn(true);
        TransactOptions autoCommit = TransactOptions.DEFAULT.inAutoCommit();
        OutcomeUnknownException lost = assertInstanceOf(OutcomeUnknownException.class, failureOf(autoCommit, s -> {
            throw new SQLException("An I/O error occurred while sending to the backend", "08006");
        }));
        assertTrue(lost.getMessage().contains("auto-commit"), lost.getMessage());
        SqlRefusedException refused = assertInstanceOf(SqlRefusedException.class, failureOf(autoCommit, s -> {
            throw new SQLException("duplicate key", "23505");
        }));
        assertFalse(refused.getMessage().contains("rolled back"), refused.getMessage());
        assertTrue(refused.getMessage().contains("committed"), refused.getMessage());
    }

    @Test
    void theWorksOwnExceptionAndRefusedAndCancelledStatementsEachHaveTheirType() throws Exception {
        when(dataSource.getConnection()).thenReturn(connection);
        IllegalStateException own = new IllegalStateException("no such customer");
        WorkFailedException failed = assertInstanceOf(WorkFailedException.class, failureOf(s -> {
            throw own;
        }));
        assertSame(own, failed.getCause());
        assertTrue(failed.sqlState().isEmpty());

        SqlRefusedException refused = assertInstanceOf(SqlRefusedException.class, failureOf(s -> {
            throw new SQLException("duplicate key", "23505", 7);
        }));
        assertEquals("23505", refused.sqlState().orElseThrow());
        assertEquals(7, refused.vendorCode());
        assertFalse(refused.isRetryable());

        assertInstanceOf(TransactionCancelledException.class, failureOf(s -> {
            throw new SQLException("canceling statement due to statement timeout", "57014");
        }));
    }
}
