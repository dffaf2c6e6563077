package io.sasync.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.BrokerShutdownException;
import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.DatabaseConfig;
import io.sasync.IterationException;
import io.sasync.Priority;
import io.sasync.Row;
import io.sasync.RowStream;
import io.sasync.TableSpec;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link io.sasync.Broker#stream} on H2. */
class StreamTest {

    private static final List<String> ROSTER = List.of("Theodore", "Alfred", "Barney", "Betty", "Wilma");

    private DefaultQueueFactory factory;
    private DatabaseConfig config;
    private final List<AccessBroker> brokers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        factory = new DefaultQueueFactory(Dialects.load());
        config = H2.database().maxConnections(2).build();
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AccessBroker broker : brokers) {
            broker.shutdown().get(30, SECONDS);
        }
    }

    /** The original test's broker: a people table seeded with a five-person roster. */
    private AccessBroker peopleBroker() {
        AccessBroker broker = new AccessBroker(factory, config) {
            @Override
            protected CompletionStage<?> startup() {
                return table(TableSpec.builder("people")
                        .column(Column.identity("id"))
                        .column(Column.of("name", ColumnType.VARCHAR).withSize(40).notNull())
                        .build());
            }

            @Override
            protected void first(io.sasync.Session session) throws SQLException {
                session.batch("INSERT INTO people (name) VALUES (?)",
                        ROSTER.stream().map(name -> new Object[] {name}).toList());
            }
        };
        brokers.add(broker);
        return broker;
    }

    private AccessBroker broker() {
        AccessBroker broker = new AccessBroker(factory, config);
        brokers.add(broker);
        return broker;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, SECONDS);
    }

    private static Throwable failure(CompletionStage<?> stage) {
        return assertThrows(ExecutionException.class, () -> await(stage)).getCause();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, SECONDS), "latch not released within 30 s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private static List<String> names(List<Row> rows) {
        return rows.stream().map(r -> r.get("name", String.class)).toList();
    }

    // ------------------------------------------------------------------ streaming

    @Test
    void theRosterStreamsAsFiveDistinctRows() throws Exception {
        AccessBroker broker = peopleBroker();
        RecordingSubscriber subscriber = new RecordingSubscriber(1) {
            @Override
            protected void handle(Row row) {
                request(1);
            }
        };
        broker.stream("SELECT id, name FROM people ORDER BY id").subscribe(subscriber);
        await(subscriber.done());
        List<Row> rows = subscriber.received();
        assertEquals(ROSTER, names(rows));
        assertEquals(5, rows.stream().map(r -> r.get("id", Long.class)).distinct().count());
        assertEquals(List.of(), subscriber.violations());
    }

    @Test
    void aSlowSubscriberGetsExactlyTheRowsItsQuerySawWhileOtherTransactionsRun() throws Exception {
        AccessBroker broker = peopleBroker();
        CountDownLatch paused = new CountDownLatch(1);
        CountDownLatch resume = new CountDownLatch(1);
        RecordingSubscriber slow = new RecordingSubscriber(1) {
            @Override
            protected void handle(Row row) {
                if (received().size() == 2) {
                    paused.countDown();
                    await(resume); // blocks this stream's delivery thread, and nothing else
                }
                request(1);
            }
        };
        broker.stream("SELECT id, name FROM people ORDER BY id").subscribe(slow);
        await(paused);

        assertEquals(1, await(broker.update("INSERT INTO people (name) VALUES (?)", "Pebbles")));
        assertEquals(6, await(broker.sql("SELECT id, name FROM people")).size(), "a fast query sees six");
        assertEquals(2, slow.received().size(), "the slow subscriber is still paused");

        resume.countDown();
        await(slow.done());
        assertEquals(ROSTER, names(slow.received()));
        assertEquals(List.of(), slow.violations());
    }

    @Test
    void executedCompletesWhenTheQueryHasRunBeforeAnyRowIsDelivered() throws Exception {
        AccessBroker broker = peopleBroker();
        RowStream stream = broker.stream("SELECT name FROM people ORDER BY id");
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
    void anEmptyResultCompletesWithoutDemand() throws Exception {
        AccessBroker broker = peopleBroker();
        RecordingSubscriber subscriber = new RecordingSubscriber(0);
        broker.stream("SELECT name FROM people WHERE name = ?", "Nobody").subscribe(subscriber);
        await(subscriber.done());
        assertEquals(List.of(), subscriber.received());
        assertEquals(List.of(), await(broker.stream("SELECT name FROM people WHERE id < 0").toList()));
    }

    @Test
    void parametersAreBoundAndPrioritiesAccepted() throws Exception {
        AccessBroker broker = peopleBroker();
        List<Row> rows = await(broker.stream(Priority.of(-5), "SELECT name FROM people WHERE id > ? ORDER BY id",
                3).toList());
        assertEquals(ROSTER.subList(3, 5), names(rows));
    }

    @Test
    void aFailingQueryFailsExecutedAndSignalsOnErrorOnce() throws Exception {
        AccessBroker broker = broker();
        RowStream stream = broker.stream("SELECT * FROM no_such_table");
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        stream.subscribe(subscriber);
        IterationException error = assertInstanceOf(IterationException.class, failure(subscriber.done()));
        assertInstanceOf(SQLException.class, error.getCause());
        assertTrue(error.getMessage().contains("no_such_table"), error.getMessage());
        assertSame(error, failure(stream.executed()));
        assertEquals(List.of(), subscriber.violations());
        assertInstanceOf(IterationException.class, failure(broker.stream("SELECT * FROM no_such_table").toList()));
    }

    @Test
    void aRequestForNoRowsSignalsIllegalArgumentException() throws Exception {
        AccessBroker broker = peopleBroker();
        for (long n : new long[] {0, -1, Long.MIN_VALUE}) {
            RecordingSubscriber subscriber = new RecordingSubscriber(0);
            broker.stream("SELECT name FROM people").subscribe(subscriber);
            subscriber.subscription().request(n);
            assertInstanceOf(IllegalArgumentException.class, failure(subscriber.done()));
            assertEquals(List.of(), subscriber.violations());
        }
    }

    @Test
    void aStreamServesOneSubscriber() throws Exception {
        AccessBroker broker = peopleBroker();
        RowStream stream = broker.stream("SELECT name FROM people ORDER BY id");
        assertEquals(ROSTER, names(await(stream.toList())));
        RecordingSubscriber second = new RecordingSubscriber(1);
        stream.subscribe(second);
        assertInstanceOf(IllegalStateException.class, failure(second.done()));
        assertInstanceOf(IllegalStateException.class, failure(stream.toList()));
        assertThrows(NullPointerException.class, () -> broker.stream("SELECT 1").subscribe(null));
    }

    @Test
    void forEachHandsOverEveryRowAndStopsWhenTheActionThrows() throws Exception {
        AccessBroker broker = peopleBroker();
        List<String> seen = Collections.synchronizedList(new ArrayList<>());
        await(broker.stream("SELECT name FROM people ORDER BY id").forEach(row -> seen.add(row.get("name", String.class))));
        assertEquals(ROSTER, seen);

        IllegalStateException boom = new IllegalStateException("boom");
        List<String> before = Collections.synchronizedList(new ArrayList<>());
        Throwable failure = failure(broker.stream("SELECT name FROM people ORDER BY id").forEach(row -> {
            if (before.size() == 2) {
                throw boom;
            }
            before.add(row.get("name", String.class));
        }));
        assertSame(boom, failure);
        assertEquals(ROSTER.subList(0, 2), before);
    }

    @Test
    void shutdownWaitsForAnOpenStreamWhichStillFetchesAndRefusesNewOnes() throws Exception {
        AccessBroker broker = broker();
        await(broker.update("CREATE TABLE numbers (n INT PRIMARY KEY)"));
        await(broker.transact(s -> s.batch("INSERT INTO numbers VALUES (?)",
                IntStream.rangeClosed(1, 1000).mapToObj(i -> new Object[] {i}).toList())));
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        broker.stream("SELECT n FROM numbers ORDER BY n").subscribe(subscriber);
        assertEquals(1, subscriber.next().get("n", Integer.class));

        CompletableFuture<Void> shutdown = broker.shutdown();
        assertInstanceOf(BrokerShutdownException.class, failure(broker.stream("SELECT n FROM numbers").toList()),
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
    void aStreamSubscribedAfterShutdownIsRefused() throws Exception {
        AccessBroker broker = peopleBroker();
        RowStream early = broker.stream("SELECT name FROM people");
        await(broker.whenRunning());
        await(broker.shutdown());
        RecordingSubscriber subscriber = new RecordingSubscriber(1);
        early.subscribe(subscriber);
        assertInstanceOf(BrokerShutdownException.class, failure(subscriber.done()));
        assertInstanceOf(BrokerShutdownException.class, failure(early.executed()));
        assertInstanceOf(BrokerShutdownException.class, failure(broker.stream("SELECT 1").toList()));
        assertEquals(List.of(), subscriber.violations());
    }
}
