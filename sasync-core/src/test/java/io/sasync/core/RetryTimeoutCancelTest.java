package io.sasync.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.RetryPolicy;
import io.sasync.TransactOptions;
import io.sasync.TransactionException;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.time.Duration;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Per-call retries, timeouts and cancellation, on H2 with one worker so that ordering is exact. */
class RetryTimeoutCancelTest {

    private AccessBroker broker;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void setUp() throws Exception {
        DatabaseConfig config = H2.database().workers(1).maxConnections(2).build();
        broker = new AccessBroker(new DefaultQueueFactory(Dialects.load()), config);
        await(broker.update("CREATE TABLE t (x INT PRIMARY KEY)"));
    }

    @AfterEach
    void tearDown() throws Exception {
        release.countDown();
        broker.shutdown().get(30, SECONDS);
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, SECONDS);
    }

    private static Throwable failure(CompletionStage<?> stage) {
        return assertThrows(ExecutionException.class, () -> await(stage)).getCause();
    }

    /** Occupies the single worker until {@link #release} opens. */
    private CompletableFuture<Boolean> occupyTheWorker() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Boolean> blocker = broker.deferToQueue(Priority.NEXT, () -> {
            started.countDown();
            return release.await(30, SECONDS);
        });
        assertTrue(started.await(30, SECONDS));
        return blocker;
    }

    private int rows() throws Exception {
        return await(broker.sql("SELECT x FROM t")).size();
    }

    @Test
    void aTimeoutWhileQueuedRemovesTheTaskWhichNeverRuns() throws Exception {
        occupyTheWorker();
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<Integer> late = broker.transact(
                TransactOptions.DEFAULT.withTimeout(Duration.ofMillis(100)), s -> {
                    ran.set(true);
                    return s.update("INSERT INTO t VALUES (1)");
                });
        TransactionException te = assertInstanceOf(TransactionException.class, failure(late));
        assertInstanceOf(TimeoutException.class, te.getCause());
        assertTrue(te.getMessage().contains("never started"), te.getMessage());
        release.countDown();
        assertEquals(0, rows());
        assertFalse(ran.get(), "a task that timed out in the queue never runs");
    }

    @Test
    void aTimeoutWhileRunningFailsAtOnceAndRollsBack() throws Exception {
        CountDownLatch inserted = new CountDownLatch(1);
        CompletableFuture<Integer> slow = broker.transact(
                TransactOptions.DEFAULT.withTimeout(Duration.ofMillis(200)), s -> {
                    s.update("INSERT INTO t VALUES (1)");
                    inserted.countDown();
                    release.await(30, SECONDS);
                    return s.update("INSERT INTO t VALUES (2)");
                });
        assertTrue(inserted.await(30, SECONDS));
        TransactionException te = assertInstanceOf(TransactionException.class, failure(slow));
        assertInstanceOf(TimeoutException.class, te.getCause());
        release.countDown();
        assertEquals(0, rows(), "the timed-out transaction was rolled back");
    }

    @Test
    void cancellingAQueuedTransactionRemovesIt() throws Exception {
        occupyTheWorker();
        AtomicBoolean ran = new AtomicBoolean();
        CompletableFuture<Integer> cancelled = broker.transact(s -> {
            ran.set(true);
            return 1;
        });
        assertTrue(cancelled.cancel(true));
        assertThrows(CancellationException.class, () -> cancelled.get(30, SECONDS));
        release.countDown();
        assertEquals(0, rows());
        assertFalse(ran.get());
    }

    @Test
    void cancellingARunningTransactionRollsItBack() throws Exception {
        CountDownLatch inserted = new CountDownLatch(1);
        AtomicInteger laterStatementFailed = new AtomicInteger();
        CompletableFuture<Integer> running = broker.transact(s -> {
            s.update("INSERT INTO t VALUES (1)");
            inserted.countDown();
            release.await(30, SECONDS);
            try {
                return s.update("INSERT INTO t VALUES (2)");
            } catch (SQLTimeoutException e) {
                laterStatementFailed.incrementAndGet();
                throw e;
            }
        });
        assertTrue(inserted.await(30, SECONDS));
        assertTrue(running.cancel(true));
        release.countDown();
        assertEquals(0, rows(), "the cancelled transaction was rolled back");
        assertEquals(1, laterStatementFailed.get(), "statements after the cancel fail");
    }

    @Test
    void retryableFailuresAreRetriedAndTheResultIsTheLastAttempts() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        int result = await(broker.transact(TransactOptions.DEFAULT.withRetry(
                new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(5))), s -> {
                    s.update("INSERT INTO t VALUES (?)", attempts.incrementAndGet());
                    if (attempts.get() < 3) {
                        throw new SQLException("deadlock detected", "40001");
                    }
                    return attempts.get();
                }));
        assertEquals(3, result);
        assertEquals(1, rows(), "the failed attempts were rolled back");
    }

    @Test
    void theFinalFailureCarriesEveryAttemptsCause() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        TransactionException te = assertInstanceOf(TransactionException.class, failure(broker.transact(
                TransactOptions.DEFAULT.withRetry(new RetryPolicy(3, Duration.ZERO, Duration.ZERO)), s -> {
                    throw new SQLException("serialization failure " + attempts.incrementAndGet(), "40001");
                })));
        assertEquals(3, attempts.get());
        assertTrue(te.isRetryable());
        assertEquals(2, te.getSuppressed().length, "the two earlier attempts' failures are attached");
        assertTrue(te.getSuppressed()[0].getMessage().contains("serialization failure 1"));
    }

    @Test
    void nonRetryableFailuresAreNotRetried() throws Exception {
        AtomicInteger attempts = new AtomicInteger();
        failure(broker.transact(TransactOptions.DEFAULT.withRetry(RetryPolicy.attempts(5)), s -> {
            attempts.incrementAndGet();
            throw new SQLException("duplicate", "23505");
        }));
        assertEquals(1, attempts.get());
    }

    @Test
    void backoffIsJitteredWithinItsBound() {
        RetryPolicy policy = new RetryPolicy(10, Duration.ofMillis(10), Duration.ofMillis(50));
        for (int attempt = 1; attempt < 10; attempt++) {
            long bound = Math.min(50, 10L << (attempt - 1));
            Duration backoff = policy.backoff(attempt);
            assertTrue(!backoff.isNegative() && backoff.toMillis() <= bound, attempt + ": " + backoff);
        }
        assertThrows(IllegalArgumentException.class, () -> RetryPolicy.attempts(0));
        assertThrows(IllegalArgumentException.class, () -> TransactOptions.DEFAULT.withTimeout(Duration.ZERO));
    }
}
