package io.sasync.dialect.postgres;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.DatabaseConfig;
import io.sasync.RetryPolicy;
import io.sasync.SAsyncException;
import io.sasync.TableSpec;
import io.sasync.TransactOptions;
import io.sasync.TransactionException;
import io.sasync.core.AccessBroker;
import io.sasync.spi.SqlStates;
import io.sasync.testkit.BrokerContract;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The kit's broker contract on a real PostgreSQL server, and what only such a server shows of the
 * broker: serialization failures, and retries of them; a role the server refuses.
 */
class PostgresBrokerTest extends BrokerContract implements PostgresServer {

    @Test
    void aSerializationFailureIsRetryable() throws Exception {
        String table = table("ledger");
        await(broker().table(TableSpec.builder(table).column(Column.of("amount", ColumnType.INTEGER)).build()));
        // Write skew: both transactions read, then both write what the other read.
        CyclicBarrier bothHaveRead = new CyclicBarrier(2);
        List<CompletableFuture<Integer>> both = List.of(1, 2).stream().map(amount -> broker().transact(s -> {
            s.update("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
            s.query("SELECT SUM(amount) FROM " + table);
            bothHaveRead.await(30, TimeUnit.SECONDS);
            return s.update("INSERT INTO " + table + " (amount) VALUES (?)", amount);
        })).toList();
        int committed = 0;
        for (CompletableFuture<Integer> f : both) {
            Throwable failure = await(f.handle((n, e) -> e instanceof CompletionException && e.getCause() != null ? e.getCause() : e));
            if (failure == null) {
                committed += f.join();
            } else {
                TransactionException te = assertInstanceOf(TransactionException.class, failure);
                assertEquals("40001", te.sqlState().orElseThrow(), te.getMessage());
                assertTrue(te.isRetryable(), "a serialization failure is retryable");
            }
        }
        assertEquals(1, committed, "exactly one of the two transactions commits");
        assertEquals(1, await(broker().sql("SELECT amount FROM " + table)).size());
    }

    @Test
    void withRetryEveryConcurrentSerializableIncrementLandsExactlyOnce() throws Exception {
        String counter = table("counter");
        await(broker().table(TableSpec.builder(counter)
                .column(Column.of("id", ColumnType.INTEGER).asPrimaryKey())
                .column(Column.of("n", ColumnType.INTEGER).notNull())
                .build()));
        await(broker().update("INSERT INTO " + counter + " VALUES (1, 0)"));
        AtomicInteger attempts = new AtomicInteger();
        TransactOptions retrying = TransactOptions.DEFAULT.withRetry(
                new RetryPolicy(100, Duration.ofMillis(1), Duration.ofMillis(50)));
        List<CompletableFuture<Integer>> increments = new ArrayList<>();
        int count = 40;
        for (int i = 0; i < count; i++) {
            increments.add(broker().transact(retrying, s -> {
                attempts.incrementAndGet();
                s.update("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
                int n = s.first("SELECT n FROM " + counter + " WHERE id = 1").orElseThrow().get("n", Integer.class);
                return s.update("UPDATE " + counter + " SET n = ? WHERE id = 1", n + 1);
            }));
        }
        for (CompletableFuture<Integer> f : increments) {
            assertEquals(1, await(f));
        }
        int n = await(broker().sql("SELECT n FROM " + counter)).get(0).get("n", Integer.class);
        assertEquals(count, n, "every increment landed exactly once");
        assertTrue(attempts.get() > count, "serialization failures happened and were retried (" + attempts + " attempts)");
    }

    @Test
    void aRoleTheServerRefusesIsAConnectionFailureWithTheServersSqlState() throws Exception {
        DatabaseConfig config = DatabaseConfig.builder(PostgresTestDatabase.URL).user("no_such_role_" + System.nanoTime())
                .borrowTimeout(Duration.ofSeconds(5)).build();
        AccessBroker stranger = new AccessBroker(config);
        try {
            Throwable failure = failure(stranger.sql("SELECT 1"));
            SAsyncException e = assertInstanceOf(SAsyncException.class, failure);
            assertTrue(SqlStates.has(e, "28000"), "the server's SQL state survives the pool: " + e);
            assertFalse(e.getMessage().contains("rolled back"), "nothing ran: " + e.getMessage());
        } finally {
            stranger.shutdown().get(30, TimeUnit.SECONDS);
        }
    }
}
