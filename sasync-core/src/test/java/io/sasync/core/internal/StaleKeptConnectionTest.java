package io.sasync.core.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import io.sasync.ConnectionFailureException;
import io.sasync.TransactOptions;
import io.sasync.Work;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A worker's kept connection that the server killed while it was idle: the transaction that
 * finds it lost before any answer runs again on a connection the pool validated; one lost later
 * fails as a lost connection does.
 */
class StaleKeptConnectionTest {

    private final SQLException killed = new SQLException("terminating connection due to administrator command",
            "57P01", 0, new SQLException("An I/O error occurred while sending to the backend", "08006"));

    private final DataSource dataSource = mock(DataSource.class);
    private final Connection stale = mock(Connection.class);
    private final Connection fresh = mock(Connection.class);
    private final KeepingQueue queue = new KeepingQueue(dataSource);
    private final AtomicInteger runs = new AtomicInteger();
    private final TransactionRunner.Scope scope = new TransactionRunner.Scope() {
        @Override
        public void enter(JdbcSession session) {
        }

        @Override
        public void exit() {
        }
    };

    /** A queue whose transactions run on one worker that keeps its connection. */
    private static final class KeepingQueue extends StubQueue implements QueueResources {
        final KeptConnection kept = new KeptConnection(() -> false);
        private final StatementCache statements = new StatementCache();

        KeepingQueue(DataSource dataSource) {
            super(dataSource);
        }

        @Override
        public StatementCache statements() {
            return statements;
        }

        @Override
        public Object ddlLock() {
            return this;
        }

        @Override
        public Connection borrow() throws SQLException {
            return dataSource().getConnection();
        }

        @Override
        public KeptConnection.Lease lease(boolean trust) throws SQLException {
            return kept.lease(this::borrow, trust);
        }
    }

    StaleKeptConnectionTest() throws Exception {
        when(dataSource.getConnection()).thenReturn(stale, fresh);
        queue.lease(true).end(true); // the worker keeps the stale connection, used just now
    }

    private <T> T run(Work<T> work) {
        return TransactionRunner.run(queue, work, TransactOptions.DEFAULT, List.of(), scope);
    }

    @Test
    void aKeptConnectionLostBeforeAnyAnswerIsReplacedAndTheTransactionRunsOnAValidatedOne() throws Exception {
        int result = run(s -> {
            runs.incrementAndGet();
            if (s.connection() == stale) {
                throw killed;
            }
            return 7;
        });
        assertEquals(7, result);
        assertEquals(2, runs.get());
        verify(stale).close();
        verify(stale).rollback();
        verify(fresh).commit(); // committed on the validated connection
        assertTrue(queue.kept.isHeld(), "the validated connection is kept for the next transaction");
        assertSame(fresh, queue.lease(true).connection());
    }

    @Test
    void aKeptConnectionLostAfterAnAnswerFailsTheTransactionWithoutRunningItAgain() throws Exception {
        PreparedStatement statement = mock(PreparedStatement.class);
        when(stale.prepareStatement(anyString())).thenReturn(statement);
        when(statement.executeUpdate()).thenReturn(1);
        Work<Integer> work = s -> {
            runs.incrementAndGet();
            s.update("INSERT INTO t VALUES (1)");
            throw killed;
        };
        ConnectionFailureException e = assertInstanceOf(ConnectionFailureException.class,
                assertThrows(RuntimeException.class, () -> run(work)));
        assertTrue(e.getMessage().contains("not committed"), e.getMessage());
        assertEquals(1, runs.get());
        verify(dataSource, times(1)).getConnection(); // none borrowed after the kept one
        verify(stale).close();
    }

    @Test
    void aValidatedConnectionLostBeforeAnyAnswerFailsTheTransaction() throws Exception {
        queue.kept.release();
        when(dataSource.getConnection()).thenReturn(fresh);
        Work<Integer> work = s -> {
            runs.incrementAndGet();
            throw killed;
        };
        assertInstanceOf(ConnectionFailureException.class, assertThrows(RuntimeException.class, () -> run(work)));
        assertEquals(1, runs.get());
    }

    @Test
    void anAutoCommitCallNeverTrustsAKeptConnection() throws Exception {
        int result = TransactionRunner.run(queue, s -> s.connection() == fresh ? 1 : 0,
                TransactOptions.DEFAULT.inAutoCommit(), List.of(), scope);
        assertEquals(1, result, "auto-commit statements commit as they run: they get a validated connection");
        verify(stale).close();
    }
}
