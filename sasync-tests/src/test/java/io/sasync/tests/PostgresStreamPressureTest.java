package io.sasync.tests;

import static io.sasync.tests.Waits.await;
import static io.sasync.tests.Waits.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import io.sasync.IterationException;
import io.sasync.Row;
import io.sasync.TransactionException;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * More open streams than pooled connections on PostgreSQL: each open stream holds a connection,
 * so work beyond the pool waits for one and fails clearly after the borrow timeout — never a
 * deadlock — and everything runs again once the streams end.
 */
class PostgresStreamPressureTest {

    private DefaultQueueFactory factory;
    private AccessBroker broker;

    /** Takes one row, then holds its stream open until told to cancel. */
    private static final class Holder implements Flow.Subscriber<Row> {
        final CompletableFuture<Row> first = new CompletableFuture<>();
        final CompletableFuture<Throwable> error = new CompletableFuture<>();
        private volatile Flow.Subscription subscription;

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            s.request(1);
        }

        @Override
        public void onNext(Row row) {
            first.complete(row);
        }

        @Override
        public void onError(Throwable failure) {
            error.complete(failure);
            first.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
        }

        void cancel() {
            subscription.cancel();
        }
    }

    @BeforeEach
    void open() {
        TestPostgres.assumeAvailable();
        DatabaseConfig config = TestPostgres.newDatabase()
                .maxConnections(2)
                .borrowTimeout(Duration.ofSeconds(1))
                .build();
        factory = new DefaultQueueFactory(Dialects.load());
        broker = new AccessBroker(factory, config);
    }

    @AfterEach
    void close() throws Exception {
        if (broker != null) {
            broker.shutdown().get(60, TimeUnit.SECONDS);
        }
    }

    @Test
    void workBeyondThePoolFailsAfterTheBorrowTimeoutAndRunsAgainOnceStreamsEnd() throws Exception {
        List<Holder> holders = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Holder holder = new Holder();
            broker.stream("SELECT generate_series(1, 100000) AS n").subscribe(holder);
            holders.add(holder);
            await(holder.first);
        }

        Holder third = new Holder();
        broker.stream("SELECT generate_series(1, 10) AS n").subscribe(third);
        IterationException streamFailure = assertInstanceOf(IterationException.class, await(third.error));
        assertInstanceOf(SQLException.class, streamFailure.getCause(), "the borrow timed out: " + streamFailure);

        TransactionException te = assertInstanceOf(TransactionException.class, failure(broker.sql("SELECT 1")));
        assertTrue(te.getMessage().contains("could not get a connection"), te.getMessage());

        holders.forEach(Holder::cancel);
        assertEquals(1, await(broker.sql("SELECT 1 AS one")).get(0).get("one", Integer.class),
                "once the streams are cancelled, their connections serve transactions again");
        assertEquals(10, await(broker.stream("SELECT generate_series(1, 10) AS n").toList()).size());
    }
}
