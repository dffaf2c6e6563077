package io.sasync.micrometer;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.RetryPolicy;
import io.sasync.TransactOptions;
import io.sasync.core.AccessBroker;
import io.sasync.persistence.Coherence;
import io.sasync.persistence.Stores;
import io.sasync.store.PersistentDict;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Known work through a broker bound to a SimpleMeterRegistry, and the counts the meters show. */
class MetricsTest {

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private AccessBroker broker;
    private BrokerMetrics metrics;

    @BeforeEach
    void open() throws Exception {
        broker = new AccessBroker(DatabaseConfig.builder("jdbc:h2:mem:metrics-" + UUID.randomUUID())
                .workers(1).maxConnections(1).maxPending(3).build());
        broker.update("CREATE TABLE t (id INT PRIMARY KEY)").get(30, SECONDS);
        metrics = new BrokerMetrics(broker);
        metrics.bindTo(registry);
    }

    @AfterEach
    void close() throws Exception {
        metrics.close();
        broker.shutdown().get(30, SECONDS);
    }

    private double counter(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).functionCounter().count();
    }

    private double gauge(String name, String tag, String value) {
        return registry.get(name).tag(tag, value).gauge().value();
    }

    /** Occupies the one worker, holding the one connection, until the latch is counted down. */
    private CompletableFuture<Boolean> holdTheWorker(CountDownLatch release, CountDownLatch holding) {
        return broker.transact(s -> {
            holding.countDown();
            return release.await(30, SECONDS);
        });
    }

    @Test
    void transactionsAndStreamsAreCountedByHowTheyEnded() throws Exception {
        double committedBefore = counter("sasync.transactions", "outcome", "committed"); // the first transaction, the table
        for (int i = 0; i < 5; i++) {
            int id = i;
            broker.update("INSERT INTO t VALUES (?)", id).get(30, SECONDS);
        }
        for (int i = 0; i < 2; i++) {
            assertThrows(ExecutionException.class, () -> broker.transact(s -> {
                throw new IllegalStateException("rolled back");
            }).get(30, SECONDS));
        }
        AtomicInteger attempts = new AtomicInteger();
        broker.transact(TransactOptions.DEFAULT.withRetry(new RetryPolicy(3, Duration.ofMillis(1), Duration.ofMillis(2))),
                s -> {
                    if (attempts.incrementAndGet() == 1) {
                        throw new SQLException("deadlock", "40001");
                    }
                    return 1;
                }).get(30, SECONDS);

        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<Boolean> held = holdTheWorker(release, holding);
        assertTrue(holding.await(30, SECONDS));
        CompletableFuture<Integer> cancelled = broker.transact(s -> 1);
        assertEquals(1, gauge("sasync.queue.pending", "band", "0"), "the call waits for the worker");
        assertEquals(1, gauge("sasync.pool.connections", "state", "active"));
        assertEquals(1, gauge("sasync.queue.workers", "state", "busy"));
        assertEquals(0, gauge("sasync.queue.workers", "state", "idle"));
        cancelled.cancel(true);
        CompletableFuture<Integer> timesOut = broker.transact(TransactOptions.DEFAULT.withTimeout(Duration.ofMillis(50)), s -> 1);
        assertThrows(ExecutionException.class, () -> timesOut.get(30, SECONDS));
        release.countDown();
        held.get(30, SECONDS);

        assertEquals(10, broker.stream("SELECT X FROM SYSTEM_RANGE(1, 10)").toList().get(30, SECONDS).size());
        broker.shutdown().get(30, SECONDS); // the stream has given its connection back: nothing is open
        assertEquals(committedBefore + 5 + 1 + 1, counter("sasync.transactions", "outcome", "committed"));
        assertEquals(2, counter("sasync.transactions", "outcome", "rolled_back"));
        assertEquals(1, counter("sasync.transactions", "outcome", "timed_out"));
        assertEquals(1, counter("sasync.transactions", "outcome", "cancelled"));
        assertEquals(1, registry.get("sasync.transactions.retries").functionCounter().count());
        assertEquals(10, registry.get("sasync.streams.rows").functionCounter().count());
        assertEquals(0, registry.get("sasync.streams.open").gauge().value());
        assertTrue(registry.get("sasync.queue.wait").tag("band", "0").timer().count() >= 10, "every task's wait was timed");
        // A transaction on the connection its worker kept from the one before borrows nothing.
        assertTrue(registry.get("sasync.pool.borrow").timer().count() >= 1, "the borrows were timed");
    }

    @Test
    void aTaskRefusedForMaxPendingIsCountedInItsBand() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<Boolean> held = holdTheWorker(release, holding);
        assertTrue(holding.await(30, SECONDS));
        List<CompletableFuture<Integer>> waiting = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            waiting.add(broker.transact(Priority.of(5), s -> 1));
        }
        assertEquals(3, gauge("sasync.queue.pending", "band", "1..10"));
        assertEquals(1, registry.get("sasync.queue.overloads").tag("band", "1..10").counter().count());
        release.countDown();
        held.get(30, SECONDS);
        for (CompletableFuture<Integer> w : waiting.subList(0, 3)) {
            assertEquals(1, w.get(30, SECONDS));
        }
    }

    @Test
    void aDictsWriteBehindIsMeasured() throws Exception {
        PersistentDict<String, Object> dict = Stores.dict(broker, "metered-" + UUID.randomUUID());
        new DictMetrics(dict).bindTo(registry);
        for (int i = 0; i < 10; i++) {
            dict.put("k" + i, i);
        }
        dict.flush().get(30, SECONDS);
        assertEquals(0, registry.get("sasync.dict.unwritten").gauge().value());
        assertEquals(0, registry.get("sasync.dict.lag").timeGauge().value());
        assertEquals(10, registry.get("sasync.dict.batch.entries").functionCounter().count());
        assertTrue(registry.get("sasync.dict.batches").functionCounter().count() >= 1);
        assertEquals(0, registry.get("sasync.dict.failed.batches").functionCounter().count());
        dict.shutdown().get(30, SECONDS);
    }

    @Test
    void aCoherentDictsChangesFromElsewhereAreMeasured() throws Exception {
        String id = "coherent-" + UUID.randomUUID();
        Coherence polling = Coherence.acrossProcesses().withPollInterval(Duration.ofMillis(20));
        PersistentDict<String, Object> writer = Stores.dict(broker, id, polling);
        PersistentDict<String, Object> reader = Stores.dict(broker, id, polling);
        new DictMetrics(reader).bindTo(registry);
        Map<String, Object> map = reader.preload().get(30, SECONDS);
        writer.put("k", 1).get(30, SECONDS);
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        while (!map.containsKey("k") && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(1, map.get("k"), "the poll found the change");
        assertEquals("polling", reader.coherence().mode());
        assertEquals(1, registry.get("sasync.dict.coherence.listening").gauge().value());
        assertTrue(registry.get("sasync.dict.coherence.notifications").functionCounter().count() >= 1);
        assertTrue(registry.get("sasync.dict.coherence.full.refreshes").functionCounter().count() >= 1);
        assertEquals(0, registry.get("sasync.dict.coherence.reconnects").functionCounter().count());
        writer.shutdown().get(30, SECONDS);
        reader.shutdown().get(30, SECONDS);
    }
}
