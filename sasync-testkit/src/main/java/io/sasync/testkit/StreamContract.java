package io.sasync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.BrokerShutdownException;
import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.IterationException;
import io.sasync.Priority;
import io.sasync.Row;
import io.sasync.RowStream;
import io.sasync.TableSpec;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * {@link io.sasync.Broker#stream} on every database: the original scenarios of a five-person
 * roster (which fits in one chunk, so what a paused stream sees does not depend on whether the
 * database reads from a snapshot), shutdown and failure, and results of many chunks. A test class
 * extends it and implements {@link #newDatabase()}. Uses
 * {@link Capability#CONCURRENT_CONNECTIONS} where the database has it.
 *
 * <p>That a stream has returned its connection is seen in its queue's
 * {@link io.sasync.TaskQueue#stats()}: {@code poolActive()} falls back to what it was.
 */
public abstract class StreamContract extends ContractSupport {

    /** The five people of the original scenarios, in the order of their ids. */
    protected static final List<String> ROSTER = List.of("Theodore", "Alfred", "Barney", "Betty", "Wilma");

    /** For subclasses. */
    protected StreamContract() {
    }

    /**
     * @return a new table of people holding the five-person roster, in roster order of id
     * @throws Exception when it cannot be made
     */
    protected final String people() throws Exception {
        String table = table("people");
        await(broker().table(TableSpec.builder(table)
                .column(Column.identity("id"))
                .column(Column.of("name", ColumnType.VARCHAR).withSize(40).notNull())
                .build()));
        await(broker().transact(s -> s.batch("INSERT INTO " + table + " (name) VALUES (?)",
                ROSTER.stream().map(name -> new Object[] {name}).toList())));
        return table;
    }

    /**
     * @param count how many
     * @return a new table of the numbers 1 to {@code count} in column {@code n}
     * @throws Exception when it cannot be made
     */
    protected final String numbers(int count) throws Exception {
        String table = table("numbers");
        await(broker().update("CREATE TABLE " + table + " (n INT PRIMARY KEY)"));
        await(broker().transact(s -> s.batch("INSERT INTO " + table + " (n) VALUES (?)",
                IntStream.rangeClosed(1, count).mapToObj(i -> new Object[] {i}).toList())));
        return table;
    }

    private static void awaitLatch(CountDownLatch latch) {
        try {
            assertTrue(latch.await(60, TimeUnit.SECONDS), "latch not released within 60 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> names(List<Row> rows) {
        return rows.stream().map(r -> r.get("name", String.class)).toList();
    }

    // ------------------------------------------------------------------ the roster

    @Test
    public void theRosterStreamsAsFiveDistinctRows() throws Exception {
        String people = people();
        RecordingSubscriber subscriber = new RecordingSubscriber(1) {
            @Override
            protected void handle(Row row) {
                request(1);
            }
        };
        broker().stream("SELECT id, name FROM " + people + " ORDER BY id").subscribe(subscriber);
        await(subscriber.done());
        List<Row> rows = subscriber.received();
        assertEquals(ROSTER, names(rows));
        assertEquals(5, rows.stream().map(r -> r.get("id", Long.class)).distinct().count());
        assertEquals(List.of(), subscriber.violations());
    }

    @Test
    public void aSlowSubscriberGetsExactlyTheRowsItsQuerySawWhileOtherTransactionsRun() throws Exception {
        requires(Capability.CONCURRENT_CONNECTIONS);
        String people = people();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        RecordingSubscriber slow = new RecordingSubscriber(1) {
            @Override
            protected void handle(Row row) {
                if (received().size() == 2) {
                    paused.countDown();
                    awaitLatch(resume); // blocks this stream's delivery thread, and nothing else
                }
                request(1);
            }
        };
        broker().stream("SELECT id, name FROM " + people + " ORDER BY id").subscribe(slow);
        awaitLatch(paused);

        assertEquals(1, await(broker().update("INSERT INTO " + people + " (name) VALUES (?)", "Pebbles")));
        assertEquals(6, await(broker().sql("SELECT id, name FROM " + people)).size(), "a fast query sees six");
        assertEquals(2, slow.received().size(), "the slow subscriber is still paused");

        resume.countDown();
        await(slow.done());
        assertEquals(ROSTER, names(slow.received()));
        assertEquals(List.of(), slow.violations());
    }

    @Test
    public void executedCompletesWhenTheQueryHasRunBeforeAnyRowIsDelivered() throws Exception {
        String people = people();
        RowStream stream = broker().stream("SELECT name FROM " + people + " ORDER BY id");
        AtomicBoolean executedAtFirstRow = new AtomicBoolean();
        RecordingSubscriber subscriber = new RecordingSubscriber(0) {
            @Override
            protected void handle(Row row) {
                if (received().size() == 1) {
                    executedAtFirstRow.set(stream.executed().isDone());
                }
            }
        };
        assertFalse(stream.executed().isDone(), "nothing runs before the stream is subscribed");
        stream.subscribe(subscriber);
        await(stream.executed());
        assertEquals(List.of(), subscriber.received(), "no row without demand");
        subscriber.request(Long.MAX_VALUE);
        await(subscriber.done());
        assertTrue(executedAtFirstRow.get());
        assertEquals(ROSTER, names(subscriber.received()));
    }

    @Test
    public void anEmptyResultCompletesWithoutDemand() throws Exception {
        String people = people();
        RecordingSubscriber subscriber = new RecordingSubscriber(0);
        broker().stream("SELECT name FROM " + people + " WHERE name = ?", "Nobody").subscribe(subscriber);
        await(subscriber.done());
        assertEquals(List.of(), subscriber.received());
        assertEquals(List.of(), await(broker().stream("SELECT name FROM " + people + " WHERE id < 0").toList()));
    }

    @Test
    public void parametersAreBoundAndPrioritiesAccepted() throws Exception {
        String people = people();
        List<Row> rows = await(broker().stream(Priority.of(-5),
                "SELECT name FROM " + people + " WHERE id > ? ORDER BY id", 3).toList());
        assertEquals(ROSTER.subList(3, 5), names(rows));
    }

    @Test
    public void aFailingQueryFailsExecutedAndSignalsOnErrorOnce() throws Exception {
        String missing = table("missing");
        RowStream stream = broker().stream("SELECT * FROM " + missing);
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        stream.subscribe(subscriber);
        IterationException error = assertInstanceOf(IterationException.class, failure(subscriber.done()));
        assertInstanceOf(SQLException.class, error.getCause());
        assertTrue(error.getMessage().contains(missing), error.getMessage());
        assertSame(error, failure(stream.executed()));
        assertEquals(List.of(), subscriber.violations());
        assertInstanceOf(IterationException.class, failure(broker().stream("SELECT * FROM " + missing).toList()));
    }

    @Test
    public void aRequestForNoRowsSignalsIllegalArgumentException() throws Exception {
        String people = people();
        for (long n : new long[] {0, -1, Long.MIN_VALUE}) {
            RecordingSubscriber subscriber = new RecordingSubscriber(0);
            broker().stream("SELECT name FROM " + people).subscribe(subscriber);
            subscriber.subscription().request(n);
            assertInstanceOf(IllegalArgumentException.class, failure(subscriber.done()));
            assertEquals(List.of(), subscriber.violations());
        }
    }

    @Test
    public void aStreamServesOneSubscriber() throws Exception {
        String people = people();
        RowStream stream = broker().stream("SELECT name FROM " + people + " ORDER BY id");
        assertEquals(ROSTER, names(await(stream.toList())));
        RecordingSubscriber second = new RecordingSubscriber(1);
        stream.subscribe(second);
        assertInstanceOf(IllegalStateException.class, failure(second.done()));
        assertInstanceOf(IllegalStateException.class, failure(stream.toList()));
        assertThrows(NullPointerException.class, () -> broker().stream("SELECT 1").subscribe(null));
    }

    @Test
    public void forEachHandsOverEveryRowAndStopsWhenTheActionThrows() throws Exception {
        String people = people();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        await(broker().stream("SELECT name FROM " + people + " ORDER BY id")
                .forEach(row -> seen.add(row.get("name", String.class))));
        assertEquals(ROSTER, seen);

        IllegalStateException boom = new IllegalStateException("boom");
        List<String> before = Collections.synchronizedList(new ArrayList<>());
        Throwable failure = failure(broker().stream("SELECT name FROM " + people + " ORDER BY id").forEach(row -> {
            if (before.size() == 2) {
                throw boom;
            }
            before.add(row.get("name", String.class));
        }));
        assertSame(boom, failure);
        assertEquals(ROSTER.subList(0, 2), before);
    }

    // ------------------------------------------------------------------ results of many chunks

    @Test
    public void cancellingMidwayReturnsTheConnection() throws Exception {
        String numbers = numbers(1000);
        assertEquals(0, connectionsInUse(), "no connection in use before the stream");
        RowStream stream = broker().stream("SELECT n FROM " + numbers + " ORDER BY n");
        RecordingSubscriber subscriber = new RecordingSubscriber(10);
        stream.subscribe(subscriber);
        for (int i = 1; i <= 10; i++) {
            assertEquals(i, subscriber.next().get("n", Integer.class));
        }
        assertEquals(1, connectionsInUse(), "the open stream holds its connection between fetches");
        subscriber.cancel();
        subscriber.cancel();
        awaitPoolActive(active -> active == 0, "the cancelled stream returns its connection");
        assertEquals(0, connectionsInUse(), "the cancelled stream returned its connection");
        assertEquals(10, subscriber.received().size());
        assertFalse(subscriber.done().isDone(), "a cancelled stream signals nothing more");
        assertEquals(List.of(), subscriber.violations());
        // The pool is whole again: a stream and a transaction after it run as before.
        assertEquals(1000, await(broker().stream("SELECT n FROM " + numbers).toList()).size());
        int count = await(broker().transact(s ->
                s.first("SELECT COUNT(*) FROM " + numbers).orElseThrow().get(0, Integer.class)));
        assertEquals(1000, count);
        assertEquals(0, connectionsInUse());
    }

    /**
     * One million rows stream with bounded memory. The subscriber asks for 100 rows at a time
     * and keeps none; it keeps weak references to one row in ten thousand. Halfway it stops
     * asking, and while the stream is paused mid-result, holding its connection, every sampled
     * row must be garbage: neither the stream nor the broker keeps rows it has delivered, so what
     * it holds does not grow with the row count. Then the rest streams, and the count and sum
     * show that every row came exactly once.
     *
     * <p>The rows are made in one portable {@code INSERT … SELECT} of a 1000-row table of digits
     * joined with itself, so the whole test takes seconds on every database. What the database
     * and its driver buffer is not measured here: the stream sets the fetch size to its chunk with
     * auto-commit off, so PostgreSQL reads through a server-side cursor, while H2 without
     * {@code LAZY_QUERY_EXECUTION} computes the whole result before the first row is read.
     * The core's own tests run H2 lazily and count the rows read ahead of delivery.
     */
    @Test
    public void aMillionRowsStreamWithoutTheStreamKeepingDeliveredRows() throws Exception {
        int total = 1_000_000;
        int half = total / 2;
        int batch = 100;
        String million = millionRows();
        ReferenceQueue<Row> collected = new ReferenceQueue<>();
        Set<Reference<Row>> sampled = ConcurrentHashMap.newKeySet();
        CountDownLatch paused = new CountDownLatch(1);
        long[] counted = {0, 0}; // rows, sum: touched only by the stream's serial signals
        RecordingSubscriber subscriber = new RecordingSubscriber(batch, false) {
            @Override
            protected void handle(Row row) {
                long n = ++counted[0];
                counted[1] += row.get("n", Long.class);
                if (n % 10_000 == 1) {
                    sampled.add(new WeakReference<>(row, collected));
                }
                if (n == half) {
                    paused.countDown(); // no more demand until the test has looked
                } else if (n % batch == 0) {
                    request(batch);
                }
            }
        };
        RowStream stream = broker().stream("SELECT n FROM " + million);
        stream.subscribe(subscriber);
        awaitLatch(paused);

        assertEquals(1, connectionsInUse(), "the paused stream is mid-result");
        assertEquals(half / 10_000, sampled.size());
        Set<Reference<?>> cleared = new HashSet<>();
        for (int attempt = 0; attempt < 20 && cleared.size() < sampled.size(); attempt++) {
            System.gc();
            for (Reference<?> r; (r = collected.remove(100)) != null; ) {
                cleared.add(r);
            }
        }
        assertEquals(sampled.size(), cleared.size(), "rows delivered long ago are still reachable");

        subscriber.request(batch);
        subscriber.done().get(5, TimeUnit.MINUTES);
        awaitPoolActive(active -> active == 0, "the finished stream returns its connection");
        assertEquals(total, counted[0]);
        assertEquals((long) total * (total + 1) / 2, counted[1]);
        assertEquals(List.of(), subscriber.violations());
        assertEquals(0, connectionsInUse());
    }

    /** @return a new table of the numbers 1 to 1,000,000 in column {@code n}, made by the database */
    private String millionRows() throws Exception {
        String digits = table("digits");
        String million = table("million");
        await(broker().update("CREATE TABLE " + digits + " (d INT NOT NULL)"));
        await(broker().transact(s -> s.batch("INSERT INTO " + digits + " (d) VALUES (?)",
                IntStream.range(0, 1000).mapToObj(i -> new Object[] {i}).toList())));
        await(broker().update("CREATE TABLE " + million + " (n INT NOT NULL)"));
        int inserted = broker().update("INSERT INTO " + million + " (n) SELECT a.d * 1000 + b.d + 1 FROM "
                + digits + " a CROSS JOIN " + digits + " b").get(5, TimeUnit.MINUTES);
        assertEquals(1_000_000, inserted);
        return million;
    }

    // ------------------------------------------------------------------ shutdown

    @Test
    public void shutdownWaitsForAnOpenStreamWhichStillFetchesAndRefusesNewOnes() throws Exception {
        String numbers = numbers(1000);
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        broker().stream("SELECT n FROM " + numbers + " ORDER BY n").subscribe(subscriber);
        assertEquals(1, subscriber.next().get("n", Integer.class));

        CompletableFuture<Void> shutdown = broker().shutdown();
        assertInstanceOf(BrokerShutdownException.class, failure(broker().stream("SELECT n FROM " + numbers).toList()),
                "no new stream once shutdown has begun");
        subscriber.request(600); // beyond the first chunk: a fetch runs while shutdown waits
        for (int i = 2; i <= 601; i++) {
            assertEquals(i, subscriber.next().get("n", Integer.class));
        }
        assertFalse(shutdown.isDone(), "shutdown waits for the open stream");
        subscriber.cancel();
        await(shutdown);
        assertFalse(subscriber.done().isDone(), "a cancelled stream signals nothing more");
        assertEquals(List.of(), subscriber.violations());
    }

    @Test
    public void aStreamSubscribedAfterShutdownIsRefused() throws Exception {
        String people = people();
        RowStream early = broker().stream("SELECT name FROM " + people);
        await(broker().whenRunning());
        await(broker().shutdown());
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        early.subscribe(subscriber);
        assertInstanceOf(BrokerShutdownException.class, failure(subscriber.done()));
        assertInstanceOf(BrokerShutdownException.class, failure(early.executed()));
        assertInstanceOf(BrokerShutdownException.class, failure(broker().stream("SELECT 1").toList()));
        assertEquals(List.of(), subscriber.violations());
    }
}
