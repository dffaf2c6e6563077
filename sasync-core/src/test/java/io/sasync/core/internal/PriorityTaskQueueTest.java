package io.sasync.core.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.BrokerShutdownException;
import io.sasync.DatabaseConfig;
import io.sasync.OverloadException;
import io.sasync.Priority;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ordering is proved with one worker held by a latch while the tasks queue up, then a recorded run order. */
class PriorityTaskQueueTest {

    private PriorityTaskQueue queue;
    private final List<String> order = Collections.synchronizedList(new ArrayList<>());
    private final CountDownLatch release = new CountDownLatch(1);

    private PriorityTaskQueue singleWorkerQueue(DatabaseConfig.Builder config) throws Exception {
        queue = PriorityTaskQueue.start(config.build(), new StubDialect(true));
        CountDownLatch blocked = new CountDownLatch(1);
        queue.call(Priority.NEXT, () -> {
            blocked.countDown();
            return release.await(30, SECONDS);
        });
        assertTrue(blocked.await(30, SECONDS), "the worker is busy");
        return queue;
    }

    private static DatabaseConfig.Builder config() {
        return DatabaseConfig.builder("jdbc:stub:queue");
    }

    @AfterEach
    void shutDown() throws Exception {
        release.countDown();
        if (queue != null) {
            queue.shutdown().get(30, SECONDS);
            assertEquals(0, queue.stats().workers());
            assertEquals(0, queue.stats().poolActive() + queue.stats().poolIdle(), "the pool is closed");
        }
    }

    private CompletableFuture<String> record(Priority priority, String name) {
        return queue.call(priority, () -> {
            order.add(name);
            return name;
        });
    }

    private List<String> runAll(List<CompletableFuture<String>> futures) throws Exception {
        release.countDown();
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(30, SECONDS);
        return List.copyOf(order);
    }

    @Test
    void moreUrgentTasksRunFirstAndEqualsRunInSubmissionOrder() throws Exception {
        singleWorkerQueue(config());
        List<CompletableFuture<String>> f = new ArrayList<>();
        f.add(record(Priority.of(10), "n10"));
        f.add(record(Priority.NORMAL, "a0"));
        f.add(record(Priority.of(-10), "n-10"));
        f.add(record(Priority.NORMAL, "b0"));
        f.add(record(Priority.of(20), "n20"));
        f.add(record(Priority.NORMAL, "c0"));
        f.add(record(Priority.of(-20), "n-20"));
        assertEquals(List.of("n-20", "n-10", "a0", "b0", "c0", "n10", "n20"), runAll(f));
    }

    @Test
    void nextGoesAheadOfEverythingAndLastAfterEverythingEachInSubmissionOrder() throws Exception {
        singleWorkerQueue(config());
        List<CompletableFuture<String>> f = new ArrayList<>();
        f.add(record(Priority.LAST, "last1"));
        f.add(record(Priority.of(20), "n20"));
        f.add(record(Priority.of(-20), "n-20"));
        f.add(record(Priority.NEXT, "next1"));
        f.add(record(Priority.LAST, "last2"));
        f.add(record(Priority.NEXT, "next2"));
        assertEquals(List.of("next1", "next2", "n-20", "n20", "last1", "last2"), runAll(f));
    }

    @Test
    void noTaskStarvesALowPriorityTaskIsOvertakenByAtMostSixteenAgingWindows() throws Exception {
        int window = 4;
        singleWorkerQueue(config().agingWindow(window));
        List<CompletableFuture<String>> f = new ArrayList<>();
        f.add(record(Priority.of(20), "patient"));
        for (int i = 0; i < 100; i++) {
            f.add(record(Priority.of(-20), "urgent" + i));
        }
        List<String> ran = runAll(f);
        // The patient task has serial 1 (after the blocker), so key 1 + 16A; urgent task i has
        // serial and key i + 2. Those with a smaller key, 16A - 1 of them, go ahead; on a tie the
        // older serial wins. However long the process runs, nothing later overtakes it.
        assertEquals(16 * window - 1, ran.indexOf("patient"));
        assertEquals(101, ran.size());
    }

    @Test
    void aNicenessMinus20TaskOvertakesAtMostFourWindowsOfNormalTasks() throws Exception {
        int window = 3;
        singleWorkerQueue(config().agingWindow(window));
        List<CompletableFuture<String>> f = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            f.add(record(Priority.NORMAL, "normal" + i));
        }
        f.add(record(Priority.of(-20), "urgent"));
        List<String> ran = runAll(f);
        // normal task i (serial i+1) has key i+1+4A; urgent (serial 51) has key 51: it goes after
        // the normal tasks whose key is at most 51, i.e. i <= 50-4A.
        assertEquals(50 - 4 * window + 1, ran.indexOf("urgent"));
    }

    @Test
    void aFullQueueRefusesAtOnceAndKeepsWhatItHolds() throws Exception {
        singleWorkerQueue(config().maxPending(3));
        List<CompletableFuture<String>> f = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            f.add(record(Priority.NORMAL, "t" + i));
        }
        CompletableFuture<String> refused = record(Priority.NORMAL, "refused");
        ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(30, SECONDS));
        OverloadException overload = assertInstanceOf(OverloadException.class, e.getCause());
        assertTrue(overload.getMessage().contains("maxPending=3"), overload.getMessage());
        assertEquals(List.of("t0", "t1", "t2"), runAll(f));
    }

    @Test
    void aCancelledQueuedTaskNeverRuns() throws Exception {
        singleWorkerQueue(config());
        CompletableFuture<String> cancelled = record(Priority.NORMAL, "cancelled");
        CompletableFuture<String> kept = record(Priority.NORMAL, "kept");
        assertTrue(cancelled.cancel(false));
        assertEquals(1, queue.pending());
        assertEquals(List.of("kept"), runAll(List.of(kept)));
    }

    @Test
    void shutdownRunsEveryQueuedTaskThenRefuses() throws Exception {
        singleWorkerQueue(config());
        List<CompletableFuture<String>> f = IntStream.range(0, 10)
                .mapToObj(i -> record(Priority.of(i), "t" + i)).toList();
        CompletableFuture<Void> done = queue.shutdown();
        assertFalse(queue.isRunning());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> record(Priority.NORMAL, "late").get(30, SECONDS));
        assertInstanceOf(BrokerShutdownException.class, e.getCause());
        release.countDown();
        done.get(30, SECONDS);
        assertTrue(f.stream().allMatch(CompletableFuture::isDone));
        assertEquals(10, order.size());
    }

    @Test
    void workersAreNamedDaemonsOnePerConnection() throws Exception {
        queue = PriorityTaskQueue.start(config().maxConnections(3).build(), new StubDialect(false));
        assertEquals(3, queue.workers());
        Thread worker = queue.call(Priority.NORMAL, Thread::currentThread).get(30, SECONDS);
        assertTrue(worker.isDaemon());
        assertTrue(worker.getName().matches("sasync-stub-worker-[123]"), worker.getName());
    }

    @Test
    void aTaskThatInterruptsItselfDoesNotDisturbTheNext() throws Exception {
        queue = PriorityTaskQueue.start(config().build(), new StubDialect(true));
        queue.call(Priority.NORMAL, () -> {
            Thread.currentThread().interrupt();
            return null;
        }).get(30, SECONDS);
        assertFalse(queue.call(Priority.NORMAL, () -> Thread.currentThread().isInterrupted()).get(30, SECONDS));
        assertTrue(queue.call(Priority.NORMAL, () -> new CountDownLatch(0).await(1, TimeUnit.SECONDS)).get(30, SECONDS));
    }

    @Test
    void explicitWorkersWinOverTheDialectsWishForOneButNotOverTheConfigs() {
        assertEquals(1, PriorityTaskQueue.workerCount(config().build(), new StubDialect(true)));
        assertEquals(3, PriorityTaskQueue.workerCount(config().workers(3).build(), new StubDialect(true)));
        assertEquals(1, PriorityTaskQueue.workerCount(config().workers(3).singleConnection(true).build(), new StubDialect(false)));
        assertEquals(DatabaseConfig.DEFAULT_MAX_CONNECTIONS, PriorityTaskQueue.workerCount(config().build(), new StubDialect(false)));
    }
}
