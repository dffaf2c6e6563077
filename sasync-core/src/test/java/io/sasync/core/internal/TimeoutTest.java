package io.sasync.core.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import io.sasync.Priority;
import io.sasync.TransactOptions;
import io.sasync.TransactionTimeoutException;
import io.sasync.Work;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ForkJoinPool;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/**
 * A call's timeout fails its future at the deadline even when the driver's
 * {@link java.sql.Statement#cancel()} blocks, as pgjdbc's does for up to ten seconds on a
 * stalled server: the cancel goes on in the background.
 */
class TimeoutTest {

    @Test
    void aTimeoutFailsTheCallWhileTheStatementsCancelIsStillBlocked() throws Exception {
        CountDownLatch running = new CountDownLatch(1);
        CountDownLatch cancelEntered = new CountDownLatch(1);
        CountDownLatch serverAnswers = new CountDownLatch(1);
        DataSource dataSource = mock(DataSource.class);
        Connection connection = mock(Connection.class);
        PreparedStatement statement = mock(PreparedStatement.class);
        when(dataSource.getConnection()).thenReturn(connection);
        when(connection.prepareStatement(anyString())).thenReturn(statement);
        when(statement.executeUpdate()).thenAnswer(i -> {
            running.countDown();
            serverAnswers.await(30, SECONDS); // the stalled server answers nothing...
            throw new SQLException("canceling statement due to user request", "57014");
        });
        doAnswer(i -> {
            cancelEntered.countDown();
            serverAnswers.await(30, SECONDS); // ...not even the cancel request
            return null;
        }).when(statement).cancel();

        Work<Integer> stalled = s -> s.update("UPDATE stalled SET x = 1");
        RetryingCall<Integer> call = new RetryingCall<>(stalled,
                TransactOptions.DEFAULT.withTimeout(Duration.ofMillis(200)), () -> new StubQueue(dataSource),
                new TransactionRunner.Scope() {
                    @Override
                    public void enter(JdbcSession session) {
                    }

                    @Override
                    public void exit() {
                    }
                }, ForkJoinPool.commonPool(), List::of, new BrokerCounters());
        call.start(attempt -> new StubQueue(dataSource).call(Priority.NORMAL, attempt));
        try {
            assertTrue(running.await(30, SECONDS));
            // The server answers only in the finally block: the call must fail before it does.
            ExecutionException failed = assertThrows(ExecutionException.class, () -> call.get(30, SECONDS));
            assertInstanceOf(TransactionTimeoutException.class, failed.getCause());
            assertTrue(cancelEntered.await(30, SECONDS), "the statement's cancel was sent");
        } finally {
            serverAnswers.countDown();
        }
    }
}
