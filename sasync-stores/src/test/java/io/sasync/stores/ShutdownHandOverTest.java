package io.sasync.stores;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Broker;
import io.sasync.BrokerShutdownException;
import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.Row;
import io.sasync.RowStream;
import io.sasync.TableSpec;
import io.sasync.TransactOptions;
import io.sasync.Work;
import io.sasync.spi.Dialect;
import io.sasync.store.PersistentArray;
import io.sasync.store.PersistentDict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A broker refuses new work from the moment its shutdown begins, which may be before it hands
 * its stores the view that still accepts work. What a store had accepted must survive that gap.
 * A broker whose gap the test opens and closes at will shows it deterministically.
 */
class ShutdownHandOverTest extends StoreContractSupport {

    private GappedBroker gapped;

    @Override
    protected DatabaseConfig newDatabase() {
        return H2MemoryStoresTest.newH2Database();
    }

    @BeforeEach
    void wrap() {
        gapped = new GappedBroker(broker);
    }

    @AfterEach
    void unwrap() {
        if (gapped.shutdown != null && !gapped.shutdown.isDone()) {
            gapped.handOver();
        }
    }

    @Test
    void writesRefusedBeforeTheHandOverAreCommittedThroughTheView() {
        String id = uniqueId("gap");
        PersistentDict<String, Object> dict = Stores.dict(gapped, id);
        PersistentArray<Object> array = Stores.array(gapped, id);
        await(dict.put("before", 0));
        await(array.set(0, 0, 0, "before"));

        gapped.beginShutdown();
        CompletableFuture<Void> put = dict.put("during", 1);
        CompletableFuture<Void> set = array.set(1, 1, 1, "during");
        assertFalse(put.isDone(), "the write waits for the hand-over rather than failing");
        assertFalse(set.isDone());

        CompletableFuture<Void> shutdown = gapped.handOver();
        await(put);
        await(set);
        await(shutdown);

        Broker reopened = openBroker();
        assertEquals(1, await(Stores.dict(reopened, id).get("during")));
        assertEquals("during", await(Stores.array(reopened, id).get(1, 1, 1)));
    }

    @Test
    void aStoreOnABrokerShutDownBeforeItStartedFailsInsteadOfWaiting() {
        Broker neverStarted = openBroker();
        PersistentDict<String, Object> dict = Stores.dict(neverStarted, uniqueId("unstarted"));
        await(neverStarted.shutdown());
        failure(dict.put("k", 1), BrokerShutdownException.class);
        failure(dict.get("uncached"), BrokerShutdownException.class);
        failure(dict.flush(), BrokerShutdownException.class);
    }

    /** Delegates to a real broker, but shuts down in two steps the test controls. */
    private static final class GappedBroker implements Broker {
        private final Broker inner;
        private final List<Function<? super Broker, ? extends CompletionStage<?>>> hooks = new CopyOnWriteArrayList<>();
        private volatile boolean refusing;
        private volatile CompletableFuture<Void> shutdown;

        GappedBroker(Broker inner) {
            this.inner = inner;
        }

        void beginShutdown() {
            refusing = true;
            shutdown = new CompletableFuture<>();
        }

        CompletableFuture<Void> handOver() {
            List<CompletableFuture<?>> flushes = new ArrayList<>();
            hooks.forEach(h -> flushes.add(h.apply(inner).toCompletableFuture()));
            CompletableFuture.allOf(flushes.toArray(CompletableFuture[]::new))
                    .thenCompose(v -> inner.shutdown())
                    .whenComplete((v, e) -> shutdown.complete(null));
            return shutdown;
        }

        private <T> CompletableFuture<T> unlessRefusing(Callable<CompletableFuture<T>> call) {
            if (refusing) {
                return CompletableFuture.failedFuture(new BrokerShutdownException("shutting down"));
            }
            try {
                return call.call();
            } catch (Exception e) {
                return CompletableFuture.failedFuture(e);
            }
        }

        @Override
        public <T> CompletableFuture<T> transact(TransactOptions options, Work<T> work) {
            return unlessRefusing(() -> inner.transact(options, work));
        }

        @Override
        public CompletableFuture<List<Row>> sql(String sql, Object... params) {
            return unlessRefusing(() -> inner.sql(sql, params));
        }

        @Override
        public CompletableFuture<Integer> update(String sql, Object... params) {
            return unlessRefusing(() -> inner.update(sql, params));
        }

        @Override
        public RowStream stream(Priority priority, String sql, Object... params) {
            return inner.stream(priority, sql, params);
        }

        @Override
        public <I> CompletableFuture<List<Object>> produceRows(List<? extends I> inputs,
                Function<? super I, ? extends CompletionStage<?>> f, String table, String column,
                Map<String, ?> constants, String keyColumn) {
            return unlessRefusing(() -> inner.produceRows(inputs, f, table, column, constants, keyColumn));
        }

        @Override
        public CompletableFuture<Void> table(TableSpec spec) {
            return unlessRefusing(() -> inner.table(spec));
        }

        @Override
        public <T> CompletableFuture<T> deferToQueue(Priority priority, Callable<T> task) {
            return unlessRefusing(() -> inner.deferToQueue(priority, task));
        }

        @Override
        public CompletableFuture<Void> whenRunning() {
            return inner.whenRunning();
        }

        @Override
        public boolean isRunning() {
            return !refusing && inner.isRunning();
        }

        @Override
        public Dialect dialect() {
            return inner.dialect();
        }

        @Override
        public void beforeShutdown(Function<? super Broker, ? extends CompletionStage<?>> flush) {
            hooks.add(flush);
        }

        @Override
        public CompletableFuture<Void> shutdown() {
            if (shutdown == null) {
                beginShutdown();
                return handOver();
            }
            return shutdown;
        }
    }

    @Test
    void theGappedBrokerReallyRefuses() {
        gapped.beginShutdown();
        assertTrue(gapped.transact(s -> 1).isCompletedExceptionally());
        gapped.handOver();
    }
}
