package io.sasync.core.internal;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.Row;
import io.sasync.TaskQueue;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.core.RecordingSubscriber;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stream's internals on H2: how much it reads ahead, when it returns its connection, and
 * chunk boundaries. H2 runs with lazy query execution here, so that it too reads its result as
 * the stream fetches it instead of computing it whole up front.
 */
class RowPublisherTest {

    private DefaultQueueFactory factory;
    private DatabaseConfig config;
    private AccessBroker broker;
    private TaskQueue queue;

    @BeforeEach
    void setUp() throws Exception {
        factory = new DefaultQueueFactory(Dialects.load());
        config = DatabaseConfig.builder("jdbc:h2:mem:stream-" + UUID.randomUUID() + ";LAZY_QUERY_EXECUTION=TRUE")
                .maxConnections(2).build();
        broker = new AccessBroker(factory, config);
        await(broker.whenRunning());
        queue = factory.queue(config);
        factory.release(queue);
    }

    @AfterEach
    void tearDown() throws Exception {
        await(broker.shutdown());
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, SECONDS);
    }

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(30, SECONDS), "latch not released within 30 s");
    }

    @Test
    void aMillionRowsStreamWithAtMostThreeChunksInMemory() throws Exception {
        int total = 1_000_000;
        int batch = 100;
        RowPublisher stream = (RowPublisher) broker.stream("SELECT X FROM SYSTEM_RANGE(1, ?)", total);
        ReferenceQueue<Row> collected = new ReferenceQueue<>();
        Set<Reference<Row>> sample = new HashSet<>();
        List<String> breaches = new CopyOnWriteArrayList<>();
        long[] counted = {0, 0}; // rows, sum; touched only on the delivery thread
        RecordingSubscriber subscriber = new RecordingSubscriber(batch) {
            @Override
            public void onNext(Row row) {
                long n = ++counted[0];
                counted[1] += row.get(0, Long.class);
                // Rows read from the database but not yet delivered never exceed three chunks (the
                // one being delivered and two read meanwhile) and the one row read ahead to see
                // whether the result goes on.
                long ahead = stream.rowsRead() - n;
                if (ahead > 3 * RowPublisher.DEFAULT_CHUNK + 1 || stream.buffered() > 3 * RowPublisher.DEFAULT_CHUNK) {
                    breaches.add("row " + n + ": " + ahead + " rows read ahead, " + stream.buffered() + " buffered");
                }
                if (n % 100_000 == 1) {
                    sample.add(new WeakReference<>(row, collected));
                }
                if (n % batch == 0) {
                    subscription().request(batch);
                }
            }
        };
        stream.subscribe(subscriber);
        await(subscriber.done());
        assertEquals(List.of(), breaches);
        assertEquals(total, counted[0]);
        assertEquals((long) total * (total + 1) / 2, counted[1]);

        // And delivered rows are not kept: every sampled row becomes garbage.
        await(stream.finished());
        Set<Reference<?>> cleared = new HashSet<>();
        for (int attempt = 0; attempt < 50 && cleared.size() < sample.size(); attempt++) {
            System.gc();
            for (Reference<?> r; (r = collected.remove(100)) != null; ) {
                cleared.add(r);
            }
        }
        assertEquals(sample.size(), cleared.size(), "rows delivered long ago are still reachable");
    }

    @Test
    void cancellingMidwayReturnsTheConnection() throws Exception {
        assertEquals(0, queue.stats().poolActive());
        RowPublisher stream = (RowPublisher) broker.stream("SELECT X FROM SYSTEM_RANGE(1, 100000)");
        RecordingSubscriber subscriber = new RecordingSubscriber(10);
        stream.subscribe(subscriber);
        for (int i = 1; i <= 10; i++) {
            assertEquals(i, subscriber.next().get(0, Integer.class));
        }
        assertEquals(1, queue.stats().poolActive(), "the open stream holds its connection between fetches");
        subscriber.cancel();
        subscriber.cancel();
        await(stream.finished());
        assertEquals(0, queue.stats().poolActive());
        assertEquals(10, subscriber.received().size());
        assertTrue(stream.rowsRead() <= 10 + RowPublisher.DEFAULT_CHUNK + 1, stream.rowsRead() + " rows read");
        assertEquals(List.of(), subscriber.violations());
    }

    @Test
    void aSubscriberThatThrowsIsTreatedAsHavingCancelled() throws Exception {
        RowPublisher stream = (RowPublisher) broker.stream("SELECT X FROM SYSTEM_RANGE(1, 100000)");
        RecordingSubscriber subscriber = new RecordingSubscriber(5) {
            @Override
            protected void handle(Row row) {
                if (received().size() == 3) {
                    throw new IllegalStateException("subscriber bug");
                }
            }
        };
        stream.subscribe(subscriber);
        await(stream.finished()); // rule 2.13: the stream ends and returns its connection
        assertEquals(0, queue.stats().poolActive());
        assertEquals(3, subscriber.received().size(), "nothing after the row whose onNext threw");
        assertFalse(subscriber.done().isDone(), "a cancelled stream signals neither onError nor onComplete");
        assertEquals(List.of(), subscriber.violations());
    }

    @Test
    void theConnectionGoesBackAsSoonAsTheLastRowIsRead() throws Exception {
        RowPublisher stream = (RowPublisher) broker.stream("SELECT X FROM SYSTEM_RANGE(1, 5)");
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        stream.subscribe(subscriber);
        subscriber.next();
        await(stream.executed());
        // One chunk held everything: the cursor is closed though four rows wait for demand.
        assertEquals(5, stream.rowsRead());
        assertEquals(0, queue.stats().poolActive());
        subscriber.request(4);
        await(subscriber.done());
        await(stream.finished());
    }

    private final StreamDelivery delivery = new StreamDelivery();

    /** A publisher with small chunks, on the broker's queue, outside the broker's admission. */
    private RowPublisher smallChunks(int chunk, String sql, Object... params) {
        TaskQueue held = factory.queue(config);
        return new RowPublisher(Priority.NORMAL, sql, params, chunk, finished -> {
            finished.whenComplete((v, e) -> factory.release(held));
            return CompletableFuture.completedFuture(held);
        }, delivery, List::of, new BrokerCounters());
    }

    @Test
    void rowsAreFetchedOnlyAsDemandNeedsThem() throws Exception {
        RowPublisher stream = smallChunks(3, "SELECT X FROM SYSTEM_RANGE(1, 9)");
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        stream.subscribe(subscriber);
        subscriber.next();
        assertEquals(4, stream.rowsRead(), "the query reads the first chunk and looks one row ahead");
        subscriber.request(2);
        subscriber.next();
        subscriber.next();
        assertEquals(4, stream.rowsRead(), "rows in hand are delivered without another fetch");
        subscriber.request(1);
        subscriber.next();
        assertEquals(7, stream.rowsRead());
        assertEquals(1, queue.stats().poolActive());
        subscriber.request(3);
        for (int i = 5; i <= 7; i++) {
            assertEquals(i, subscriber.next().get(0, Integer.class));
        }
        // The fetch that delivered row 7 also read 8 and 9 and found the end.
        assertEquals(9, stream.rowsRead());
        assertEquals(0, queue.stats().poolActive(), "the connection is back while two rows still wait for demand");
        assertFalse(subscriber.done().isDone(), "no onComplete before the rows in hand are delivered");
        subscriber.request(2);
        await(subscriber.done());
        assertEquals(9, subscriber.received().size());
        assertEquals(List.of(), subscriber.violations());
        await(stream.finished());
    }

    @Test
    void aBlockedSubscriberStopsReadingAtThreeChunksWithoutHoldingAWorker() throws Exception {
        RowPublisher stream = smallChunks(3, "SELECT X FROM SYSTEM_RANGE(1, 100)");
        CountDownLatch blocked = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        RecordingSubscriber subscriber = new RecordingSubscriber(Long.MAX_VALUE) {
            @Override
            protected void handle(Row row) {
                if (received().size() == 1) {
                    blocked.countDown();
                    try {
                        await(resume);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        stream.subscribe(subscriber);
        await(blocked);
        // With unbounded demand the workers read on while the subscriber holds its first row,
        // until three chunks (and the row read ahead) wait: 3 chunks of 3, plus 1.
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        while (stream.rowsRead() < 10 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertEquals(10, stream.rowsRead(), "rows read while the subscriber is blocked");
        // No worker waits for the subscriber: the queue's two workers both take other work.
        TaskQueue used = factory.queue(config);
        try {
            CountDownLatch both = new CountDownLatch(2);
            List<CompletableFuture<Integer>> others = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                others.add(used.call(Priority.NORMAL, () -> {
                    both.countDown();
                    await(both);
                    return 1;
                }));
            }
            for (CompletableFuture<Integer> other : others) {
                assertEquals(1, await(other));
            }
        } finally {
            factory.release(used);
        }
        assertEquals(10, stream.rowsRead(), "nothing more is read while the subscriber is blocked");
        resume.countDown();
        await(subscriber.done());
        List<Integer> values = new ArrayList<>();
        subscriber.received().forEach(r -> values.add(r.get(0, Integer.class)));
        assertEquals(IntStream.rangeClosed(1, 100).boxed().toList(), values);
        assertEquals(List.of(), subscriber.violations());
        await(stream.finished());
    }

    @Test
    void aResultOfWholeChunksCompletesWithItsLastRow() throws Exception {
        RowPublisher stream = smallChunks(3, "SELECT X FROM SYSTEM_RANGE(1, 6)");
        RecordingSubscriber subscriber = new RecordingSubscriber(6);
        stream.subscribe(subscriber);
        await(subscriber.done()); // demand for exactly six rows is enough to see onComplete
        assertEquals(6, subscriber.received().size());
        assertEquals(List.of(), subscriber.violations());
        await(stream.finished());
    }

    @Test
    void aPausedStreamHoldingItsConnectionStillSeesOnlyWhatItsQuerySaw() throws Exception {
        await(broker.update("CREATE TABLE people (id INT AUTO_INCREMENT PRIMARY KEY, name VARCHAR(40))"));
        List<String> roster = List.of("Theodore", "Alfred", "Barney", "Betty", "Wilma");
        for (String name : roster) {
            await(broker.update("INSERT INTO people (name) VALUES (?)", name));
        }
        RowPublisher stream = smallChunks(2, "SELECT name FROM people ORDER BY id");
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        RecordingSubscriber slow = new RecordingSubscriber(1) {
            @Override
            protected void handle(Row row) {
                if (received().size() == 2) {
                    paused.countDown();
                    try {
                        await(resume);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
                request(1);
            }
        };
        stream.subscribe(slow);
        await(paused);
        assertEquals(1, queue.stats().poolActive(), "the stream is mid-result and holds its connection");
        assertEquals(1, await(broker.update("INSERT INTO people (name) VALUES (?)", "Pebbles")));
        assertEquals(6, await(broker.sql("SELECT name FROM people")).size());
        resume.countDown();
        await(slow.done());
        List<String> names = new ArrayList<>();
        slow.received().forEach(r -> names.add(r.get("name", String.class)));
        assertEquals(roster, names);
        await(stream.finished());
    }
}
