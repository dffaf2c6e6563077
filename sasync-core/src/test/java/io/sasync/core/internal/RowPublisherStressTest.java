package io.sasync.core.internal;

import static java.util.concurrent.TimeUnit.MICROSECONDS;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.Row;
import io.sasync.TaskQueue;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Many small streams at once, with random chunk sizes, lengths, demand (from the delivery
 * thread and from other threads, in small amounts and unbounded), cancellation points, and
 * other tasks keeping the queue busy so that workers alternate between reading on and queueing
 * the next fetch. Every stream must deliver its rows in order, never beyond demand, nothing after
 * a cancel, complete exactly when its rows are done, and give its connection back.
 */
class RowPublisherStressTest {

    private static final int ROUNDS = 200;
    private static final int STREAMS_PER_ROUND = 3;

    @Test
    void randomDemandCancellationAndBusyQueuesKeepEveryStreamCorrect() throws Exception {
        DefaultQueueFactory factory = new DefaultQueueFactory(Dialects.load());
        DatabaseConfig config = DatabaseConfig.builder("jdbc:h2:mem:stress-" + UUID.randomUUID()
                + ";LAZY_QUERY_EXECUTION=TRUE").maxConnections(4).build();
        TaskQueue queue = factory.queue(config);
        ScheduledExecutorService requesters = Executors.newScheduledThreadPool(2);
        List<String> problems = new CopyOnWriteArrayList<>();
        AtomicBoolean stop = new AtomicBoolean();
        Thread filler = new Thread(() -> {
            while (!stop.get()) {
                try {
                    queue.call(Priority.NORMAL, () -> {
                        Thread.sleep(0, 50_000);
                        return 1;
                    }).get(30, SECONDS);
                } catch (Exception e) {
                    problems.add("filler task: " + e);
                }
            }
        }, "stress-filler");
        filler.setDaemon(true);
        filler.start();
        try {
            for (int round = 0; round < ROUNDS && problems.isEmpty(); round++) {
                List<CompletableFuture<Void>> finished = new ArrayList<>();
                for (int k = 0; k < STREAMS_PER_ROUND; k++) {
                    finished.add(randomStream(queue, requesters, problems));
                }
                CompletableFuture.allOf(finished.toArray(CompletableFuture[]::new)).exceptionally(e -> null)
                        .get(30, SECONDS);
            }
        } finally {
            stop.set(true);
            filler.join(SECONDS.toMillis(30));
            requesters.shutdownNow();
        }
        assertFalse(filler.isAlive(), "the filler thread did not stop");
        assertEquals(List.of(), problems.subList(0, Math.min(20, problems.size())));
        assertEquals(0, queue.stats().poolActive(), "connections not returned");
        factory.release(queue).get(30, SECONDS);
    }

    private static final StreamDelivery DELIVERY = new StreamDelivery();

    /** @return completes when the stream has ended and returned its connection */
    private static CompletableFuture<Void> randomStream(TaskQueue queue, ScheduledExecutorService requesters,
                                                        List<String> problems) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int chunk = 1 + random.nextInt(4);
        int rows = random.nextInt(40);
        long cancelAt = random.nextInt(3) == 0 ? random.nextInt(rows + 1) : -1;
        String tag = rows + " rows, chunks of " + chunk + ", cancel at " + cancelAt;
        RowPublisher stream = new RowPublisher(Priority.NORMAL, "SELECT X FROM SYSTEM_RANGE(1, ?)",
                new Object[] {rows}, chunk, finished -> CompletableFuture.completedFuture(queue), DELIVERY, List::of, new BrokerCounters());
        CompletableFuture<Void> ended = new CompletableFuture<>();
        stream.subscribe(new Flow.Subscriber<Row>() {
            private Flow.Subscription subscription;
            private final AtomicLong outstanding = new AtomicLong();
            private long received;
            private boolean cancelled;

            private void ask() {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                long n = random.nextInt(8) == 0 ? Long.MAX_VALUE / 2 : 1 + random.nextInt(2 * chunk + 3);
                outstanding.addAndGet(n);
                if (random.nextBoolean()) {
                    subscription.request(n);
                } else {
                    requesters.schedule(() -> subscription.request(n), random.nextInt(200), MICROSECONDS);
                }
            }

            private void cancel() {
                cancelled = true;
                subscription.cancel();
                ended.complete(null);
            }

            @Override
            public void onSubscribe(Flow.Subscription s) {
                subscription = s;
                if (cancelAt == 0) {
                    cancel();
                } else {
                    ask();
                }
            }

            @Override
            public void onNext(Row row) {
                received++;
                long value = row.get(0, Long.class);
                if (value != received) {
                    problems.add(tag + ": row " + received + " was " + value);
                }
                if (outstanding.decrementAndGet() < 0) {
                    problems.add(tag + ": onNext beyond demand");
                }
                if (cancelled) {
                    problems.add(tag + ": onNext after cancel");
                }
                if (received == cancelAt) {
                    cancel();
                } else if (outstanding.get() == 0) {
                    ask();
                }
            }

            @Override
            public void onError(Throwable failure) {
                problems.add(tag + ": onError " + failure);
                ended.complete(null);
            }

            @Override
            public void onComplete() {
                if (received != rows) {
                    problems.add(tag + ": completed after " + received + " rows");
                }
                if (cancelled) {
                    problems.add(tag + ": onComplete after cancel");
                }
                ended.complete(null);
            }
        });
        return ended.thenCompose(v -> stream.finished()).orTimeout(5, SECONDS)
                .whenComplete((v, e) -> {
                    if (e != null) {
                        problems.add(tag + ": " + e);
                    }
                });
    }
}
