package io.sasync.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.Priority;
import io.sasync.TableSpec;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Continuations of a broker's futures never run on its queue's workers, so one that blocks on
 * another call of the same broker cannot hang the queue. Each test holds the workers busy while
 * the continuations are attached, so that they are attached to futures not yet complete (a
 * continuation attached to a complete future runs at once on the caller's thread).
 */
class ContinuationTest {

    private final DefaultQueueFactory factory = new DefaultQueueFactory(Dialects.load());
    private final List<AccessBroker> brokers = new ArrayList<>();

    @AfterEach
    void shutDown() throws Exception {
        for (AccessBroker broker : brokers) {
            broker.shutdown().get(30, SECONDS);
        }
    }

    private AccessBroker broker(int workers) throws Exception {
        AccessBroker broker = new AccessBroker(factory, H2.database().maxConnections(workers).workers(workers).build());
        brokers.add(broker);
        broker.whenRunning().get(30, SECONDS);
        return broker;
    }

    /** Occupies every worker until the returned latch is counted down. */
    private static CountDownLatch holdWorkers(AccessBroker broker, int workers) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch busy = new CountDownLatch(workers);
        for (int i = 0; i < workers; i++) {
            broker.deferToQueue(Priority.NEXT, () -> {
                busy.countDown();
                return release.await(30, SECONDS);
            });
        }
        assertTrue(busy.await(30, SECONDS));
        return release;
    }

    private static boolean onWorker() {
        return Thread.currentThread().getName().contains("-worker-");
    }

    @Test
    void withOneWorkerAContinuationMayWaitForAnotherCallOfTheSameBroker() throws Exception {
        AccessBroker broker = broker(1);
        CountDownLatch release = holdWorkers(broker, 1);
        CompletableFuture<Boolean> ranOnWorker = new CompletableFuture<>();
        CompletableFuture<Integer> chained = broker.sql("SELECT 1").thenApply(rows -> {
            ranOnWorker.complete(onWorker());
            return broker.sql("SELECT 2 AS two").join().get(0).get("two", Integer.class);
        });
        release.countDown();
        assertEquals(2, chained.get(30, SECONDS));
        assertFalse(ranOnWorker.get(30, SECONDS), "the continuation ran off the worker");
        broker.shutdown().get(30, SECONDS);
    }

    @Test
    void asManyBlockingContinuationsAsWorkersAndMoreAllComplete() throws Exception {
        int workers = 2;
        AccessBroker broker = broker(workers);
        CountDownLatch release = holdWorkers(broker, workers);
        List<CompletableFuture<Integer>> chained = new ArrayList<>();
        for (int i = 0; i < 4 * workers; i++) {
            int n = i;
            chained.add(broker.transact(s -> n).thenApply(v -> broker.transact(s -> v + 1).join()));
        }
        release.countDown();
        for (int i = 0; i < chained.size(); i++) {
            assertEquals(i + 1, chained.get(i).get(30, SECONDS));
        }
        broker.shutdown().get(30, SECONDS);
    }

    @Test
    void everyKindOfFutureCompletesOffTheWorkers() throws Exception {
        AccessBroker broker = broker(1);
        CountDownLatch release = holdWorkers(broker, 1);
        List<CompletableFuture<Boolean>> threads = new ArrayList<>();
        threads.add(broker.transact(s -> 1).thenApply(v -> onWorker()));
        threads.add(broker.update("CREATE TABLE kinds (x INT)").thenApply(v -> onWorker()));
        threads.add(broker.deferToQueue(Priority.NORMAL, () -> 1).thenApply(v -> onWorker()));
        threads.add(broker.table(TableSpec.builder("kinds_table").column(Column.of("x", ColumnType.INTEGER)).build())
                .thenApply(v -> onWorker()));
        release.countDown();
        for (CompletableFuture<Boolean> onWorker : threads) {
            assertFalse(onWorker.get(30, SECONDS));
        }
    }

    @Test
    void aCallersOwnExecutorCompletesTheFutures() throws Exception {
        ExecutorService mine = Executors.newSingleThreadExecutor(r -> new Thread(r, "mine"));
        try {
            AccessBroker broker = new AccessBroker(factory, H2.database().workers(1).callbackExecutor(mine).build());
            brokers.add(broker);
            broker.whenRunning().get(30, SECONDS);
            CountDownLatch release = holdWorkers(broker, 1);
            CompletableFuture<String> ranOn = broker.transact(s -> 1).thenApply(v -> Thread.currentThread().getName());
            release.countDown();
            assertEquals("mine", ranOn.get(30, SECONDS));
        } finally {
            mine.shutdown();
        }
    }

    @Test
    void continuationsWaitingForEachOtherOnTheDefaultExecutorAllRun() throws Exception {
        AccessBroker broker = broker(1);
        int count = 6;
        CountDownLatch release = holdWorkers(broker, 1);
        // Each continuation waits until all have started: together they need as many threads.
        CountDownLatch allStarted = new CountDownLatch(count);
        List<CompletableFuture<Boolean>> waiting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            waiting.add(broker.transact(s -> 1).thenApply(v -> {
                allStarted.countDown();
                try {
                    return allStarted.await(30, SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return false;
                }
            }));
        }
        release.countDown();
        for (CompletableFuture<Boolean> w : waiting) {
            assertTrue(w.get(30, SECONDS), "every continuation ran while the others waited");
        }
    }
}
