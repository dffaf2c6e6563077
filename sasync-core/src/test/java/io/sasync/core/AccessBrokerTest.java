package io.sasync.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Broker;
import io.sasync.BrokerShutdownException;
import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.DatabaseConfig;
import io.sasync.DatabaseException;
import io.sasync.IndexSpec;
import io.sasync.Priority;
import io.sasync.QueueStats;
import io.sasync.Row;
import io.sasync.Session;
import io.sasync.TaskQueue;
import io.sasync.TableSpec;
import io.sasync.TransactionException;
import io.sasync.Work;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AccessBrokerTest {

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

    private AccessBroker broker() {
        AccessBroker broker = new AccessBroker(factory, config);
        brokers.add(broker);
        return broker;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, SECONDS);
    }

    private static Throwable failure(CompletionStage<?> stage) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> await(stage));
        return e.getCause();
    }

    private void createPeople(AccessBroker broker) throws Exception {
        await(broker.update("CREATE TABLE people (id INT PRIMARY KEY, name VARCHAR(40))"));
    }

    @Test
    void aDedicatedConnectionIsInAutoCommitAndRefusedOnceShutdownHasBegun() throws Exception {
        AccessBroker broker = broker();
        try (java.sql.Connection c = broker.dedicatedConnection()) {
            assertTrue(c.getAutoCommit());
        }
        await(broker.shutdown());
        assertThrows(BrokerShutdownException.class, broker::dedicatedConnection);
    }

    @Test
    void aDedicatedConnectionThatCannotBeOpenedDoesNotTellThePassword() {
        AccessBroker broker = new AccessBroker(factory,
                DatabaseConfig.builder("jdbc:nosuchdriver://db.example/app?user=app&password=hunter2").build());
        SQLException e = assertThrows(SQLException.class, broker::dedicatedConnection);
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("db.example"), e.getMessage());
    }

    @Test
    void commitsWhenTheWorkReturns() throws Exception {
        AccessBroker broker = broker();
        createPeople(broker);
        int inserted = await(broker.transact(s -> s.update("INSERT INTO people VALUES (?, ?)", 1, "Ann")));
        assertEquals(1, inserted);
        List<Row> rows = await(broker.sql("SELECT id, name FROM people"));
        assertEquals(List.of(Row.of(List.of("ID", "NAME"), List.of(1, "Ann"))), rows);
        assertEquals("Ann", rows.get(0).get("name", String.class));
    }

    @Test
    void rollsBackWhenTheWorkThrowsAndKeepsTheCause() throws Exception {
        AccessBroker broker = broker();
        createPeople(broker);
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable failure = failure(broker.transact(Work.named("insert then fail", s -> {
            s.update("INSERT INTO people VALUES (?, ?)", 1, "Ann");
            throw boom;
        })));
        TransactionException te = assertInstanceOf(TransactionException.class, failure);
        assertSame(boom, te.getCause());
        assertTrue(te.getMessage().contains("insert then fail"), te.getMessage());
        assertFalse(te.isRetryable());
        assertEquals(List.of(), await(broker.sql("SELECT * FROM people")));
    }

    @Test
    void aDatabaseErrorKeepsItsSqlState() throws Exception {
        AccessBroker broker = broker();
        createPeople(broker);
        await(broker.update("INSERT INTO people VALUES (1, 'Ann')"));
        TransactionException te = assertInstanceOf(TransactionException.class,
                failure(broker.update("INSERT INTO people VALUES (1, 'Bob')")));
        assertEquals("23505", te.sqlState().orElseThrow());
        assertInstanceOf(SQLException.class, te.getCause());
        assertTrue(te.getMessage().contains("23505"), te.getMessage());
    }

    @Test
    void nestedTransactionsRunInlineInTheSameTransaction() throws Exception {
        AccessBroker broker = broker();
        createPeople(broker);
        AtomicReference<Session> inner = new AtomicReference<>();
        AtomicReference<Boolean> innerDone = new AtomicReference<>();
        int count = await(broker.transact(outer -> {
            outer.update("INSERT INTO people VALUES (1, 'Ann')");
            CompletableFuture<Integer> nested = broker.transact(s -> {
                inner.set(s);
                return s.query("SELECT * FROM people").size();
            });
            innerDone.set(nested.isDone());
            assertSame(outer, inner.get());
            return nested.join();
        }));
        assertTrue(innerDone.get(), "the nested future is complete when transact returns");
        assertEquals(1, count, "the nested work sees the outer work's uncommitted row");
    }

    @Test
    void aFailingNestedWorkFailsTheOuterOneAndEverythingRollsBack() throws Exception {
        AccessBroker broker = broker();
        createPeople(broker);
        Throwable failure = failure(broker.transact(outer -> {
            outer.update("INSERT INTO people VALUES (1, 'Ann')");
            return broker.transact(s -> s.update("INSERT INTO people VALUES (1, 'Duplicate')")).join();
        }));
        TransactionException te = assertInstanceOf(TransactionException.class, failure);
        assertInstanceOf(SQLException.class, te.getCause(), "the nested SQL error is the cause");
        assertEquals(List.of(), await(broker.sql("SELECT * FROM people")));
    }

    @Test
    void aSessionCannotBeUsedAfterItsWorkReturned() throws Exception {
        AccessBroker broker = broker();
        Session leaked = await(broker.transact(s -> s));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> leaked.query("SELECT 1"));
        assertTrue(e.getMessage().contains("ended"), e.getMessage());
    }

    @Test
    void firstRunsBeforeAnyUserTransactionEvenIfSubmittedBeforeStart() throws Exception {
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        CountDownLatch startupMayFinish = new CountDownLatch(1);
        // One worker, so that the order the held transactions run in is the order they were released in.
        AccessBroker broker = new AccessBroker(factory, config.toBuilder().workers(1).build()) {
            @Override
            protected CompletionStage<?> startup() {
                events.add("startup");
                return table(TableSpec.builder("people").column(Column.of("name", ColumnType.VARCHAR)).build())
                        .thenCompose(v -> CompletableFuture.runAsync(() -> await(startupMayFinish)));
            }

            @Override
            protected void first(Session session) throws SQLException {
                events.add("first");
                session.update("INSERT INTO people VALUES ('seed')");
            }
        };
        brokers.add(broker);
        CompletableFuture<Integer> user = broker.transact(s -> {
            events.add("user");
            return s.query("SELECT * FROM people").size();
        });
        CompletableFuture<Integer> urgent = broker.transact(Priority.of(-20), s -> {
            events.add("urgent");
            return 0;
        });
        assertFalse(user.isDone());
        assertFalse(broker.isRunning());
        startupMayFinish.countDown();
        assertEquals(1, await(user), "the user transaction sees the seeded row");
        await(urgent);
        assertTrue(broker.isRunning());
        assertEquals(List.of("startup", "first"), events.subList(0, 2));
        assertEquals("urgent", events.get(2), "held transactions are released in priority order");
    }

    private static void await(CountDownLatch latch) {
        try {
            assertTrue(latch.await(30, SECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aFailedStartFailsHeldAndLaterWork() throws Exception {
        AccessBroker broker = new AccessBroker(factory, config) {
            @Override
            protected void first(Session session) {
                throw new IllegalStateException("seed data missing");
            }
        };
        brokers.add(broker);
        CompletableFuture<Integer> held = broker.transact(s -> 1);
        assertInstanceOf(DatabaseException.class, failure(held));
        assertInstanceOf(DatabaseException.class, failure(broker.whenRunning()));
        Throwable later = failure(broker.sql("SELECT 1"));
        assertTrue(later.getMessage().contains("failed to start"), later.getMessage());
    }

    @Test
    void twoBrokersOnOneConfigShareAQueue() throws Exception {
        AccessBroker a = broker();
        AccessBroker b = broker();
        await(a.whenRunning());
        await(b.whenRunning());
        TaskQueue queue = factory.queue(config);
        try {
            await(a.update("CREATE TABLE shared (x INT)"));
            await(b.update("INSERT INTO shared VALUES (1)"));
            assertEquals(1, await(a.sql("SELECT * FROM shared")).size());
            await(a.shutdown());
            assertTrue(queue.isRunning(), "the queue stays while b uses it");
            assertEquals(1, await(b.sql("SELECT * FROM shared")).size());
        } finally {
            await(factory.release(queue));
        }
        await(b.shutdown());
        assertFalse(queue.isRunning(), "the last user's shutdown closes the queue");
        assertEquals(0, queue.stats().poolActive() + queue.stats().poolIdle(), "the pool is closed");
    }

    @Test
    void shutdownIsIdempotentAndRefusesLaterWork() throws Exception {
        AccessBroker broker = broker();
        await(broker.whenRunning());
        CompletableFuture<Void> first = broker.shutdown();
        assertSame(first, broker.shutdown());
        await(first);
        assertInstanceOf(BrokerShutdownException.class, failure(broker.transact(s -> 1)));
        assertInstanceOf(BrokerShutdownException.class, failure(broker.sql("SELECT 1")));
        assertInstanceOf(BrokerShutdownException.class, failure(broker.deferToQueue(Priority.NORMAL, () -> 1)));
        assertFalse(broker.isRunning());
    }

    @Test
    void shutdownLetsQueuedWorkFinishAndLeavesNoConnectionOrThread() throws Exception {
        AccessBroker broker = broker();
        createPeople(broker);
        TaskQueue queue = factory.queue(config);
        factory.release(queue);
        CountDownLatch blocker = new CountDownLatch(1);
        List<CompletableFuture<Integer>> queued = new ArrayList<>();
        queued.add(broker.transact(s -> {
            await(blocker);
            return s.update("INSERT INTO people VALUES (0, 'first')");
        }));
        for (int i = 1; i <= 20; i++) {
            int id = i;
            queued.add(broker.transact(s -> s.update("INSERT INTO people VALUES (?, ?)", id, "p" + id)));
        }
        CompletableFuture<Void> shutdown = broker.shutdown();
        assertFalse(shutdown.isDone());
        blocker.countDown();
        await(shutdown);
        for (CompletableFuture<Integer> f : queued) {
            assertEquals(1, f.getNow(-1), "every accepted transaction committed before shutdown completed");
        }
        assertEquals(0, queue.stats().poolActive() + queue.stats().poolIdle(), "the pool is closed");
        assertEquals(0, queue.stats().poolActive());
        assertEquals(0, queue.stats().poolIdle());
        assertEquals(2, queue.workers());
        assertEquals(0, queue.stats().workers(), "no worker thread outlives the shutdown");
    }

    @Test
    void shutdownDuringStartupWaitsForStartup() throws Exception {
        CountDownLatch startupMayFinish = new CountDownLatch(1);
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        AccessBroker broker = new AccessBroker(factory, config) {
            @Override
            protected CompletionStage<?> startup() {
                return CompletableFuture.runAsync(() -> await(startupMayFinish));
            }

            @Override
            protected void first(Session session) {
                events.add("first");
            }
        };
        brokers.add(broker);
        CompletableFuture<Integer> accepted = broker.transact(s -> {
            events.add("user");
            return 7;
        });
        CompletableFuture<Void> shutdown = broker.shutdown();
        assertInstanceOf(BrokerShutdownException.class, failure(broker.transact(s -> 1)));
        assertFalse(shutdown.isDone());
        startupMayFinish.countDown();
        await(shutdown);
        assertEquals(7, accepted.getNow(-1));
        assertEquals(List.of("first", "user"), events);
    }

    @Test
    void aNeverStartedBrokerShutsDownAtOnce() throws Exception {
        AccessBroker broker = broker();
        await(broker.shutdown());
        assertInstanceOf(BrokerShutdownException.class, failure(broker.transact(s -> 1)));
    }

    @Test
    void shutdownFlushesRunBeforeWorkIsRefused() throws Exception {
        AccessBroker broker = broker();
        createPeople(broker);
        AtomicReference<CompletableFuture<Integer>> flushed = new AtomicReference<>();
        AtomicReference<CompletableFuture<Integer>> outsider = new AtomicReference<>();
        AtomicReference<Broker> view = new AtomicReference<>();
        view.set(broker.beforeShutdown(() -> {
            outsider.set(broker.update("INSERT INTO people VALUES (2, 'outsider')"));
            flushed.set(view.get().update("INSERT INTO people VALUES (1, 'flushed')"));
            return flushed.get();
        }).broker());
        await(broker.shutdown());
        assertEquals(1, flushed.get().getNow(-1), "the flush ran and committed before shutdown completed");
        assertInstanceOf(BrokerShutdownException.class, failure(outsider.get()),
                "only the flush's view accepts work once shutdown has begun");
        assertInstanceOf(BrokerShutdownException.class, failure(broker.update("INSERT INTO people VALUES (3, 'late')")));
    }

    @Test
    void tableIsIdempotentAndSafeConcurrently() throws Exception {
        AccessBroker broker = broker();
        TableSpec spec = TableSpec.builder("things")
                .column(Column.identity("id"))
                .column(Column.of("label", ColumnType.VARCHAR).withSize(20).notNull())
                .index(IndexSpec.unique("things_label", "label"))
                .build();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            calls.add(broker.table(spec));
        }
        await(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)));
        await(broker.table(spec));
        Object key = await(broker.transact(s -> s.insert("INSERT INTO things (label) VALUES (?)", "id", "a")));
        assertInstanceOf(Long.class, key);
        TransactionException duplicate = assertInstanceOf(TransactionException.class,
                failure(broker.update("INSERT INTO things (label) VALUES (?)", "a")));
        assertTrue(broker.dialect().isDuplicateKey((SQLException) duplicate.getCause()));
    }

    @Test
    void deferToQueueRunsOutsideATransaction() throws Exception {
        AccessBroker broker = broker();
        assertEquals("ran", await(broker.deferToQueue(Priority.NORMAL, () -> "ran")));
        assertTrue(broker.currentSession().isEmpty());
    }

    @Test
    void preparedStatementsAreCachedByName() throws Exception {
        AccessBroker broker = broker();
        createPeople(broker);
        int rows = await(broker.transact(s -> {
            var insert = s.prepared("insert", "INSERT INTO people VALUES (?, ?)");
            for (int i = 0; i < 3; i++) {
                s.bind(s.prepared("insert", "INSERT INTO people VALUES (?, ?)"), i, "p" + i);
                assertSame(insert, s.prepared("insert", "INSERT INTO people VALUES (?, ?)"));
                insert.executeUpdate();
            }
            assertThrows(IllegalArgumentException.class, () -> s.prepared("insert", "DELETE FROM people"));
            return s.query("SELECT * FROM people").size();
        }));
        assertEquals(3, rows);
    }

    @Test
    void aNamedStatementIsPreparedOncePerConnection() throws Exception {
        config = config.toBuilder().maxConnections(1).build();
        AccessBroker broker = broker();
        createPeople(broker);
        String sql = "SELECT name FROM people WHERE id = ?";
        var first = await(broker.transact(s -> s.prepared("byId", sql)));
        var again = await(broker.transact(s -> {
            var ps = s.prepared("byId", sql);
            s.bind(ps, 1);
            ps.executeQuery().close();
            return ps;
        }));
        assertSame(first, again, "the second transaction on the connection reuses the statement");
        assertFalse(again.isClosed());
        var replaced = await(broker.transact(s -> s.prepared("byId", "SELECT id FROM people")));
        assertTrue(first.isClosed(), "a name given other SQL in a later transaction replaces its statement");
        await(broker.shutdown());
        assertTrue(replaced.isClosed(), "cached statements close with their connections");
    }

    @Test
    void aTransactionMayChooseItsIsolationFirst() throws Exception {
        AccessBroker broker = broker();
        await(broker.whenRunning());
        for (int i = 0; i < 3; i++) {
            await(broker.transact(s -> s.update("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE")));
        }
    }

    @Test
    void tablesRequestedWhileAnotherThreadStartsTheBrokerFindItsQueue() throws Exception {
        int threads = 6;
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            for (int round = 0; round < 30; round++) {
                AccessBroker broker = new AccessBroker(factory, H2.database().maxConnections(4).build());
                brokers.add(broker);
                CountDownLatch start = new CountDownLatch(1);
                List<Future<CompletableFuture<Void>>> tables = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    TableSpec spec = TableSpec.builder("t" + t).column(Column.of("k", ColumnType.INTEGER)).build();
                    tables.add(pool.submit(() -> {
                        start.await();
                        broker.dialect();
                        return broker.table(spec);
                    }));
                }
                start.countDown();
                for (Future<CompletableFuture<Void>> table : tables) {
                    await(table.get(30, SECONDS));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tablesRequestedBeforeTheGlobalQueueIsSetFindIt() throws Exception {
        for (int round = 0; round < 3; round++) {
            DefaultQueueFactory lateGlobal = new DefaultQueueFactory(Dialects.load());
            AccessBroker broker = new AccessBroker(lateGlobal, null);
            broker.whenRunning();
            List<CompletableFuture<Void>> tables = new ArrayList<>();
            for (int t = 0; t < 6; t++) {
                tables.add(broker.table(TableSpec.builder("t" + t).column(Column.of("k", ColumnType.INTEGER)).build()));
            }
            TaskQueue global = lateGlobal.setGlobal(H2.database().maxConnections(4).build());
            try {
                for (CompletableFuture<Void> table : tables) {
                    await(table);
                }
                await(broker.shutdown());
            } finally {
                global.shutdown().get(30, SECONDS);
            }
        }
    }

    private static Set<Thread> streamThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("sasync-stream-") && t.isAlive())
                .collect(Collectors.toSet());
    }

    @Test
    void aBrokersStreamDeliveryThreadsEndWhenItShutsDown() throws Exception {
        Set<Thread> before = streamThreads();
        AccessBroker broker = broker();
        assertEquals(3, await(broker.stream("SELECT X FROM SYSTEM_RANGE(1, 3)").toList()).size());
        Set<Thread> mine = streamThreads();
        mine.removeAll(before);
        assertFalse(mine.isEmpty(), "the stream was delivered on a thread of the broker's own");
        await(broker.shutdown());
        for (Thread t : mine) {
            t.join(10_000);
            assertFalse(t.isAlive(), t + " is still alive after the broker shut down");
        }
    }

    @Test
    void theQueueStatsShowWorkersTasksAndConnections() throws Exception {
        DatabaseConfig oneConnection = H2.database().maxConnections(1).workers(2).build();
        AccessBroker broker = new AccessBroker(factory, oneConnection);
        brokers.add(broker);
        await(broker.whenRunning());
        TaskQueue queue = factory.queue(oneConnection);
        factory.release(queue);
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch holding = new CountDownLatch(1);
        CompletableFuture<Integer> holder = broker.transact(s -> {
            holding.countDown();
            await(release);
            return 1;
        });
        await(holding);
        CompletableFuture<Integer> borrower = broker.transact(s -> 2); // the second worker waits for the connection
        List<CompletableFuture<Integer>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(broker.transact(s -> 3));
        }
        QueueStats stats = eventually(queue, st -> st.waitingBorrowers() == 1 && st.pending() == 3);
        assertEquals(new QueueStats(2, 2, 3, 1, 0, 1, 1), stats, stats.toString());
        release.countDown();
        assertEquals(1, await(holder));
        assertEquals(2, await(borrower));
        for (CompletableFuture<Integer> w : waiting) {
            assertEquals(3, await(w));
        }
        QueueStats idle = eventually(queue, st -> st.busyWorkers() == 0);
        assertEquals(new QueueStats(2, 0, 0, 0, 1, 1, 0), idle, idle.toString());
        await(broker.shutdown());
        assertEquals(new QueueStats(0, 0, 0, 0, 0, 1, 0), queue.stats(), "nothing is left once it shut down");
    }

    private static QueueStats eventually(TaskQueue queue, Predicate<QueueStats> wanted)
            throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        QueueStats stats = queue.stats();
        while (!wanted.test(stats) && System.nanoTime() - deadline < 0) {
            Thread.sleep(5);
            stats = queue.stats();
        }
        return stats;
    }

    @Test
    void aBrokerShowsItsQueueWithoutHoldingItOpen() throws Exception {
        AccessBroker broker = broker();
        TaskQueue queue = broker.queue();
        TaskQueue counted = factory.queue(config);
        assertSame(counted, queue, "the queue of its config");
        await(factory.release(counted));
        await(broker.shutdown());
        assertFalse(queue.isRunning(), "looking at the queue did not keep it open");
    }
}
