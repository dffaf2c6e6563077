package io.sasync.tests;

import static io.sasync.tests.DatabaseFixture.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.TableSpec;
import io.sasync.TransactionException;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The broker contract on PostgreSQL, and what only a real server shows. */
class PostgresBrokerTest extends BrokerContract {
    @Override
    TestDatabase database() {
        return TestDatabase.POSTGRES;
    }

    @Test
    void aSerializationFailureIsRetryable() throws Exception {
        String table = db.table("ledger");
        await(broker.table(TableSpec.builder(table).column(Column.of("amount", ColumnType.INTEGER)).build()));
        // Write skew: both transactions read, then both write what the other read.
        CyclicBarrier bothHaveRead = new CyclicBarrier(2);
        List<CompletableFuture<Integer>> both = List.of(1, 2).stream().map(amount -> broker.transact(s -> {
            s.update("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
            s.query("SELECT SUM(amount) FROM " + table);
            bothHaveRead.await(30, TimeUnit.SECONDS);
            return s.update("INSERT INTO " + table + " (amount) VALUES (?)", amount);
        })).toList();
        int committed = 0;
        for (CompletableFuture<Integer> f : both) {
            try {
                committed += await(f);
            } catch (java.util.concurrent.ExecutionException e) {
                TransactionException te = assertInstanceOf(TransactionException.class, e.getCause());
                assertEquals("40001", te.sqlState().orElseThrow(), te.getMessage());
                assertTrue(te.isRetryable(), "a serialization failure is retryable");
            }
        }
        assertEquals(1, committed, "exactly one of the two transactions commits");
        assertEquals(1, await(broker.sql("SELECT amount FROM " + table)).size());
    }
}
