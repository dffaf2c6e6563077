package io.sasync.tests;

import static io.sasync.tests.LoadSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.Row;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.TaskQueue;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.Test;

/**
 * Priority under load on a real PostgreSQL server: producers keep a saturated queue of real
 * transactions at niceness −20 and 20, each keeping a fixed number of its calls in flight (a
 * closed loop, so the queue stays deep however fast the server is). Every transaction records
 * when it started, counted in transaction starts, and when it was submitted, in the same count:
 * its queue wait is the number of transactions that started in between. Nothing is timed by the
 * clock, so the assertions hold on a slow or busy machine as on a fast one.
 *
 * <p>Proved: niceness −20 work waits a small fraction of what niceness 20 work waits; every
 * niceness 20 transaction still commits; and none is overtaken by more than the aging bound
 * {@code 16A} of later submissions (plus the workers' own reordering of simultaneous starts).
 */
class PostgresLoadPriorityTest {

    private static final int WORKERS = 2;
    private static final int PRODUCERS = 4;
    /** Calls each producer keeps in flight: the queue holds about {@code PRODUCERS × WINDOW}. */
    private static final int WINDOW = 100;
    private static final int PER_PRODUCER = 1000;
    private static final int TASKS = PRODUCERS * PER_PRODUCER;
    private static final int AGING_WINDOW = DatabaseConfig.DEFAULT_AGING_WINDOW;

    private final String application = LoadSupport.unique("sasync_priority");
    private final String table = "priority_calls";

    @Test
    void urgentWorkWaitsAFractionOfWhatBackgroundWorkWaitsAndBackgroundWorkStillFinishes() throws Exception {
        TestPostgres.assumeAvailable();
        long seed = Long.getLong("sasync.soak.seed", System.nanoTime());
        String schema = LoadSupport.createSchema("priority");
        DatabaseConfig config = LoadSupport.config(schema, application)
                .maxConnections(WORKERS)
                .agingWindow(AGING_WINDOW)
                .build();
        DefaultQueueFactory factory = new DefaultQueueFactory(Dialects.load());
        AccessBroker broker = new AccessBroker(factory, config);
        try {
            await(broker.update("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY, niceness INTEGER NOT NULL, tick INTEGER NOT NULL)"));
            TaskQueue queue = factory.queue(config);
            factory.release(queue); // the broker still holds it
            Set<Thread> workers = LoadSupport.workersOf(queue);
            assertEquals(WORKERS, workers.size());

            int[] niceness = new int[TASKS];
            int[] submitted = new int[TASKS]; // submission order: the queue's serial order
            int[] submitTick = new int[TASKS];
            AtomicIntegerArray startTick = new AtomicIntegerArray(TASKS);
            AtomicInteger starts = new AtomicInteger();
            Object submitting = new Object();
            int[] nextSerial = {0};
            int[] deepest = {0};

            // Hold every worker until each producer has filled its window, so the queue is
            // saturated from the first transaction on.
            CountDownLatch workersHeld = new CountDownLatch(WORKERS);
            CountDownLatch windowsFull = new CountDownLatch(PRODUCERS * WINDOW);
            List<CompletableFuture<Boolean>> gates = new ArrayList<>();
            for (int i = 0; i < WORKERS; i++) {
                gates.add(broker.deferToQueue(Priority.NEXT, () -> {
                    workersHeld.countDown();
                    return windowsFull.await(60, TimeUnit.SECONDS);
                }));
            }
            assertTrue(workersHeld.await(60, TimeUnit.SECONDS), "every worker is held");

            ExecutorService producers = Executors.newFixedThreadPool(PRODUCERS);
            try {
                List<Future<List<CompletableFuture<Integer>>>> produced = new ArrayList<>();
                for (int p = 0; p < PRODUCERS; p++) {
                    int first = p * PER_PRODUCER;
                    Random random = new Random(seed + p);
                    produced.add(producers.submit(() -> {
                        Semaphore window = new Semaphore(WINDOW);
                        List<CompletableFuture<Integer>> calls = new ArrayList<>();
                        for (int id = first; id < first + PER_PRODUCER; id++) {
                            assertTrue(window.tryAcquire(60, TimeUnit.SECONDS), "a call in the window completed");
                            int task = id;
                            int nice = random.nextBoolean() ? -20 : 20;
                            niceness[task] = nice;
                            CompletableFuture<Integer> call;
                            // One producer at a time: the recorded submission order is the queue's.
                            synchronized (submitting) {
                                submitted[task] = nextSerial[0]++;
                                submitTick[task] = starts.get();
                                call = broker.transact(Priority.of(nice), s -> {
                                    int tick = starts.getAndIncrement();
                                    startTick.set(task, tick);
                                    return s.update("INSERT INTO " + table + " VALUES (?, ?, ?)", task, nice, tick);
                                });
                                deepest[0] = Math.max(deepest[0], queue.pending());
                            }
                            windowsFull.countDown();
                            calls.add(call.whenComplete((v, e) -> window.release()));
                        }
                        return calls;
                    }));
                }
                for (CompletableFuture<Boolean> gate : gates) {
                    assertTrue(await(gate), "the producers filled their windows");
                }
                for (Future<List<CompletableFuture<Integer>>> producer : produced) {
                    for (CompletableFuture<Integer> call : producer.get(120, TimeUnit.SECONDS)) {
                        assertEquals(1, await(call), "every transaction commits, niceness 20 included");
                    }
                }
            } finally {
                producers.shutdownNow();
            }

            List<Integer> urgentWaits = new ArrayList<>();
            List<Integer> backgroundWaits = new ArrayList<>();
            for (int t = 0; t < TASKS; t++) {
                int wait = startTick.get(t) - submitTick[t];
                (niceness[t] < 0 ? urgentWaits : backgroundWaits).add(wait);
            }
            int urgent = median(urgentWaits);
            int background = median(backgroundWaits);
            String report = "median queue wait, in transactions started meanwhile: niceness -20 " + urgent
                    + " (" + urgentWaits.size() + " calls), niceness 20 " + background + " (" + backgroundWaits.size()
                    + " calls); deepest queue " + deepest[0] + "; seed " + seed;
            System.out.println("PostgresLoadPriorityTest: " + report);
            assertTrue(deepest[0] >= PRODUCERS * WINDOW / 2, "the queue was saturated: " + report);
            assertTrue(urgent * 4 < background, "niceness -20 waits a fraction of what niceness 20 waits: " + report);

            // Nobody starves: a niceness 20 call is overtaken by at most 16A later submissions,
            // give or take the order in which the workers record simultaneous starts.
            int[] bySerial = new int[TASKS];
            for (int t = 0; t < TASKS; t++) {
                bySerial[submitted[t]] = t;
            }
            int worst = 0;
            for (int t = 0; t < TASKS; t++) {
                if (niceness[t] != 20) {
                    continue;
                }
                int overtakers = 0;
                for (int later = submitted[t] + 1; later < TASKS; later++) {
                    if (startTick.get(bySerial[later]) < startTick.get(t)) {
                        overtakers++;
                    }
                }
                worst = Math.max(worst, overtakers);
            }
            assertTrue(worst <= 16 * AGING_WINDOW + WORKERS, "a niceness 20 call was overtaken by " + worst
                    + " later calls; the aging bound is " + 16 * AGING_WINDOW);

            Map<Integer, Integer> stored = new TreeMap<>();
            for (Row row : await(broker.sql("SELECT niceness, COUNT(*) AS n FROM " + table + " GROUP BY niceness"))) {
                stored.put(row.get("niceness", Integer.class), row.get("n", Integer.class));
            }
            assertEquals(Map.of(-20, urgentWaits.size(), 20, backgroundWaits.size()), stored, "committed rows");
            int[] ticks = new int[TASKS];
            for (int t = 0; t < TASKS; t++) {
                ticks[t] = startTick.get(t);
            }
            Arrays.sort(ticks);
            for (int i = 0; i < TASKS; i++) {
                assertEquals(i, ticks[i], "every call started exactly once");
            }

            await(broker.shutdown());
            LoadSupport.assertQueueClosed(queue, workers);
            LoadSupport.assertNoBackends(application);
        } finally {
            broker.shutdown().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
            LoadSupport.dropSchema(schema);
        }
    }

    private static int median(List<Integer> values) {
        List<Integer> sorted = values.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }
}
