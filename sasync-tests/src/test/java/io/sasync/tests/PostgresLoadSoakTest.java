package io.sasync.tests;

import static io.sasync.tests.LoadSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.RetryPolicy;
import io.sasync.Row;
import io.sasync.RowStream;
import io.sasync.TransactOptions;
import io.sasync.TransactionException;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.TaskQueue;
import io.sasync.store.PersistentDict;
import io.sasync.persistence.Stores;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * A bounded soak on a real PostgreSQL server: eight client threads issue, for
 * {@code -Dsasync.soak.seconds} (default {@value #DEFAULT_SECONDS}), a random mix of
 * transactions (inserts, updates, deletes, several statements at once, nested calls, bursts of
 * concurrent calls, work that fails on purpose, duplicate keys, timeouts that expire and that do
 * not, running calls cancelled, retried {@code SERIALIZABLE} increments of a shared counter), {@link PersistentDict} puts,
 * removes and reads, and streams read to the end or cancelled midway, all at random priorities.
 *
 * <p>Each client owns a disjoint range of table keys and of dict keys and issues its operations in
 * program order, waiting for every transaction before the next, so that an in-memory model of what
 * the table and the dict must hold is exact whatever the interleaving of clients. Only the shared
 * counter is contended, and its model is the number of increments that reported success.
 *
 * <p>At the end: no unexpected error (every intentional failure had the expected type), every dict
 * write acknowledged, the table, the counter and the dict as seen through a fresh broker and a
 * fresh dict equal to the model, and after shutdown no server connection left under the broker's
 * {@code ApplicationName} and no worker thread alive. {@code -Dsasync.soak.seed} replays a run's
 * choices (the seed is printed).
 */
class PostgresLoadSoakTest {

    static final long DEFAULT_SECONDS = 20;
    private static final int CLIENTS = 8;
    private static final int WORKERS = 4;
    /** Table keys per client: client {@code c} owns {@code [c × RANGE, (c + 1) × RANGE)}. */
    private static final int RANGE = 1_000_000;
    private static final int DICT_KEYS_PER_CLIENT = 40;

    private final String application = LoadSupport.unique("sasync_soak");
    private final String table = "soak_rows";
    private final String counter = "soak_counter";
    private final String dictId = LoadSupport.unique("soak-dict");

    private final Map<Outcome, AtomicLong> outcomes = Collections.synchronizedMap(new EnumMap<>(Outcome.class));
    private final ConcurrentLinkedQueue<String> unexpected = new ConcurrentLinkedQueue<>();
    private final AtomicLong counterAttempts = new AtomicLong();
    private final Map<Op, AtomicLong> opNanos = Collections.synchronizedMap(new EnumMap<>(Op.class));
    private final Map<Op, AtomicLong> opCounts = Collections.synchronizedMap(new EnumMap<>(Op.class));

    private AccessBroker broker;
    private PersistentDict<String, Object> dict;

    /** What an operation ended with, counted for the report; the failures are intentional. */
    enum Outcome {
        COMMITTED, DICT_WRITE, DICT_READ, STREAM_READ, WORK_THREW, NESTED_WORK_THREW, DUPLICATE_KEY, TIMED_OUT, CANCELLED,
        STREAM_STOPPED_BY_CONSUMER, STREAM_CANCELLED, RETRIES_EXHAUSTED
    }

    /** What a client does next. */
    enum Op {
        INSERT(10), UPDATE(10), DELETE(5), MULTI(5), BURST(4), NESTED(4), NESTED_FAILING(2), FAILING(2),
        DUPLICATE(2), TIMEOUT_EXPIRES(1), CANCELLED_RUNNING(1), TIMEOUT_GENEROUS(3), COUNTER(4),
        DICT_PUT(15), DICT_REMOVE(6), DICT_GET(6), DICT_FLUSH(1),
        STREAM_OWN(4), STREAM_OWN_STOPPED(2), STREAM_SERIES(2), STREAM_SERIES_CANCELLED(2), SQL_OWN(3);

        final int weight;

        Op(int weight) {
            this.weight = weight;
        }
    }

    /** Thrown by work on purpose: the transaction must be rolled back. */
    static final class IntentionalFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        IntentionalFailure(String message) {
            super(message);
        }
    }

    /** Thrown by a stream consumer on purpose: the stream must be cancelled. */
    static final class StopStream extends RuntimeException {
        private static final long serialVersionUID = 1L;

        StopStream() {
            super("enough rows");
        }
    }

    @Test
    void eightClientsAgainstOneBrokerLeaveExactlyTheModelledState() throws Exception {
        TestPostgres.assumeAvailable();
        Duration duration = Duration.ofSeconds(Long.getLong("sasync.soak.seconds", DEFAULT_SECONDS));
        long seed = Long.getLong("sasync.soak.seed", System.nanoTime());
        System.out.println("PostgresLoadSoakTest: " + CLIENTS + " clients for " + duration + ", -Dsasync.soak.seed=" + seed);

        // Streams hold a connection of their own between fetches: one per client at most (each
        // client waits for its stream to give the connection back), plus one per worker.
        String schema = LoadSupport.createSchema("soak");
        DatabaseConfig config = LoadSupport.config(schema, application)
                .maxConnections(CLIENTS + WORKERS)
                .workers(WORKERS)
                .borrowTimeout(Duration.ofSeconds(20))
                .build();
        DefaultQueueFactory factory = new DefaultQueueFactory(Dialects.load());
        broker = new AccessBroker(factory, config);
        try {
            await(broker.update("CREATE TABLE " + table + " (k INTEGER PRIMARY KEY, client INTEGER NOT NULL, v BIGINT NOT NULL)"));
            await(broker.update("CREATE TABLE " + counter + " (id INTEGER PRIMARY KEY, n BIGINT NOT NULL)"));
            await(broker.update("INSERT INTO " + counter + " VALUES (1, 0)"));
            dict = Stores.dict(broker, dictId);
            TaskQueue queue = factory.queue(config);
            factory.release(queue); // the broker still holds it
            Set<Thread> workers = LoadSupport.workersOf(queue);
            assertEquals(WORKERS, workers.size(), "workers of " + queue);
            workers.forEach(w -> assertTrue(w.getName().startsWith("sasync-postgresql-worker-"), w.getName()));

            List<Client> clients = new ArrayList<>();
            for (int c = 0; c < CLIENTS; c++) {
                clients.add(new Client(c, new Random(seed + c), System.nanoTime() + duration.toNanos()));
            }
            ExecutorService pool = Executors.newFixedThreadPool(CLIENTS, r -> {
                Thread t = new Thread(r, "soak-client");
                t.setDaemon(true);
                return t;
            });
            try {
                List<Future<?>> running = new ArrayList<>();
                clients.forEach(client -> running.add(pool.submit(client::run)));
                for (Future<?> client : running) {
                    client.get(duration.toSeconds() + 300, TimeUnit.SECONDS);
                }
            } finally {
                pool.shutdownNow();
            }
            for (Client client : clients) {
                client.awaitDictWrites();
            }
            assertTrue(unexpected.isEmpty(), unexpected.size() + " unexpected error(s) (seed " + seed + "):\n"
                    + String.join("\n", unexpected));
            Map<Op, String> latency = new EnumMap<>(Op.class);
            opCounts.forEach((op, n) -> latency.put(op, n + " x " + opNanos.get(op).get() / n.get() / 1_000_000 + " ms"));
            System.out.println("PostgresLoadSoakTest: " + outcomes + "; counter attempts " + counterAttempts
                    + "; operations (count x mean latency) " + latency);
            for (Outcome intended : List.of(Outcome.WORK_THREW, Outcome.NESTED_WORK_THREW, Outcome.DUPLICATE_KEY,
                    Outcome.TIMED_OUT, Outcome.CANCELLED, Outcome.STREAM_STOPPED_BY_CONSUMER, Outcome.STREAM_CANCELLED)) {
                long seen = outcomes.getOrDefault(intended, new AtomicLong()).get();
                assertTrue(seen >= CLIENTS, "every client ran " + intended + " at least once, seen " + seen);
            }

            Map<Integer, Long> rows = new TreeMap<>();
            Map<String, Object> entries = new HashMap<>();
            long increments = 0;
            for (Client client : clients) {
                rows.putAll(client.rows);
                entries.putAll(client.entries);
                increments += client.increments;
            }
            assertEquals(entries, await(dict.copy()), "the dict's own view");
            assertTrue(LoadSupport.backends(application) > 0, "the pool connects as " + application);

            await(broker.shutdown());
            LoadSupport.assertQueueClosed(queue, workers);
            LoadSupport.assertNoBackends(application);

            verifyThroughAFreshBroker(config, rows, entries, increments);
        } finally {
            broker.shutdown().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
            LoadSupport.dropSchema(schema);
        }
    }

    private void verifyThroughAFreshBroker(DatabaseConfig config, Map<Integer, Long> rows, Map<String, Object> entries,
                                           long increments) throws Exception {
        String checker = LoadSupport.unique("sasync_soak_check");
        DatabaseConfig checking = config.toBuilder().driverProperty("ApplicationName", checker).build();
        DefaultQueueFactory factory = new DefaultQueueFactory(Dialects.load());
        AccessBroker fresh = new AccessBroker(factory, checking);
        try {
            Map<Integer, Long> stored = new TreeMap<>();
            for (Row row : await(fresh.sql("SELECT k, v FROM " + table))) {
                stored.put(row.get("k", Integer.class), row.get("v", Long.class));
            }
            assertEquals(rows.size(), stored.size(), "rows in the table");
            assertEquals(rows, stored, "the table");
            assertEquals(increments, await(fresh.sql("SELECT n FROM " + counter)).get(0).get("n", Long.class),
                    "the shared counter: every increment reported committed landed exactly once");
            PersistentDict<String, Object> reread = Stores.dict(fresh, dictId);
            assertEquals(entries, new HashMap<>(await(reread.preload())), "the dict read back by a fresh broker");
            TaskQueue queue = factory.queue(checking);
            factory.release(queue);
            Set<Thread> workers = LoadSupport.workersOf(queue);
            await(fresh.shutdown());
            LoadSupport.assertQueueClosed(queue, workers);
        } finally {
            fresh.shutdown().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
        }
        LoadSupport.assertNoBackends(checker);
    }

    private void count(Outcome outcome) {
        outcomes.computeIfAbsent(outcome, o -> new AtomicLong()).incrementAndGet();
    }

    private static String describe(Throwable t) {
        StringWriter out = new StringWriter();
        t.printStackTrace(new PrintWriter(out));
        return out.toString();
    }

    /**
     * @return the failure of a future that must fail: a {@link TransactionException} whose cause
     *         is of the expected type
     * @throws AssertionError when it succeeded or failed otherwise
     */
    private static TransactionException expectFailure(CompletableFuture<?> future, Class<? extends Throwable> cause)
            throws Exception {
        try {
            Object value = await(future);
            throw new AssertionError("should have failed with " + cause.getSimpleName() + ", returned " + value);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof TransactionException te && cause.isInstance(te.getCause())) {
                return te;
            }
            throw new AssertionError("expected a TransactionException caused by " + cause.getSimpleName(), e.getCause());
        }
    }

    /** One client thread: its own keys, its model of them, its operations in program order. */
    private final class Client {
        final int id;
        final Random random;
        final long deadline;
        final int base;
        int nextKey;
        /** The model of this client's table rows: key → v. */
        final TreeMap<Integer, Long> rows = new TreeMap<>();
        /** The model of this client's dict entries. */
        final Map<String, Object> entries = new HashMap<>();
        final List<CompletableFuture<Void>> dictWrites = new ArrayList<>();
        long increments;
        final List<Op> bag = new ArrayList<>();

        Client(int id, Random random, long deadline) {
            this.id = id;
            this.random = random;
            this.deadline = deadline;
            this.base = id * RANGE;
            this.nextKey = base;
            for (Op op : Op.values()) {
                for (int i = 0; i < op.weight; i++) {
                    bag.add(op);
                }
            }
        }

        void run() {
            // Every kind of operation once, in random order, then a random mix until the deadline.
            List<Op> first = new ArrayList<>(List.of(Op.values()));
            Collections.shuffle(first, random);
            int done = 0;
            while (done < first.size() || System.nanoTime() < deadline) {
                Op op = done < first.size() ? first.get(done) : bag.get(random.nextInt(bag.size()));
                done++;
                long began = System.nanoTime();
                try {
                    perform(op);
                    opNanos.computeIfAbsent(op, o -> new AtomicLong()).addAndGet(System.nanoTime() - began);
                    opCounts.computeIfAbsent(op, o -> new AtomicLong()).incrementAndGet();
                } catch (Throwable t) {
                    unexpected.add("client " + id + ", operation " + done + " " + op + ": " + describe(t));
                    return; // its model can no longer be trusted
                }
            }
        }

        void awaitDictWrites() {
            for (CompletableFuture<Void> write : dictWrites) {
                try {
                    await(write);
                } catch (Exception e) {
                    unexpected.add("client " + id + ", dict write: " + describe(e));
                }
            }
        }

        Priority priority() {
            int roll = random.nextInt(20);
            if (roll == 0) {
                return Priority.NEXT;
            }
            if (roll == 1) {
                return Priority.LAST;
            }
            return Priority.of(random.nextInt(41) - 20);
        }

        int fresh() {
            return nextKey++;
        }

        /** @return an existing key of this client, or {@code null} when it has none */
        Integer existing() {
            if (rows.isEmpty()) {
                return null;
            }
            Integer key = rows.ceilingKey(base + random.nextInt(Math.max(1, nextKey - base)));
            return key != null ? key : rows.lastKey();
        }

        String dictKey() {
            return "c" + id + "-" + random.nextInt(DICT_KEYS_PER_CLIENT);
        }

        Object dictValue() {
            return switch (random.nextInt(3)) {
                case 0 -> random.nextLong();
                case 1 -> "v" + random.nextInt(1_000_000);
                default -> List.of(random.nextLong(), "l" + random.nextInt(1000));
            };
        }

        String insert() {
            return "INSERT INTO " + table + " (k, client, v) VALUES (?, ?, ?)";
        }

        String update() {
            return "UPDATE " + table + " SET v = v + ? WHERE k = ?";
        }

        String delete() {
            return "DELETE FROM " + table + " WHERE k = ?";
        }

        void perform(Op op) throws Exception {
            switch (op) {
                case INSERT -> {
                    int k = fresh();
                    long v = random.nextInt(1000);
                    assertEquals(1, (int) await(broker.<Integer>transact(priority(), s -> s.update(insert(), k, id, v))));
                    rows.put(k, v);
                    count(Outcome.COMMITTED);
                }
                case UPDATE -> {
                    Integer k = existing();
                    if (k == null) {
                        perform(Op.INSERT);
                        return;
                    }
                    long delta = random.nextInt(100) + 1;
                    assertEquals(1, (int) await(broker.<Integer>transact(priority(), s -> s.update(update(), delta, k))));
                    rows.merge(k, delta, Long::sum);
                    count(Outcome.COMMITTED);
                }
                case DELETE -> {
                    Integer k = existing();
                    if (k == null) {
                        perform(Op.INSERT);
                        return;
                    }
                    assertEquals(1, (int) await(broker.<Integer>transact(priority(), s -> s.update(delete(), k))));
                    rows.remove(k);
                    count(Outcome.COMMITTED);
                }
                case MULTI -> {
                    int a = fresh();
                    int b = fresh();
                    Integer c = existing();
                    long va = random.nextInt(1000);
                    long vb = random.nextInt(1000);
                    long delta = random.nextInt(100) + 1;
                    await(broker.transact(priority(), s -> {
                        s.update(insert(), a, id, va);
                        s.update(insert(), b, id, vb);
                        if (c != null) {
                            s.update(update(), delta, c);
                        }
                        s.update(delete(), b);
                        return null;
                    }));
                    rows.put(a, va);
                    if (c != null) {
                        rows.merge(c, delta, Long::sum);
                    }
                    count(Outcome.COMMITTED);
                }
                case BURST -> {
                    // Several calls in flight at once, on distinct keys: their order does not matter.
                    List<Integer> keys = new ArrayList<>(rows.keySet());
                    Collections.shuffle(keys, random);
                    Map<Integer, CompletableFuture<Integer>> calls = new LinkedHashMap<>();
                    Map<Integer, Long> deltas = new HashMap<>();
                    for (int k : keys.subList(0, Math.min(5, keys.size()))) {
                        long delta = random.nextInt(100) + 1;
                        deltas.put(k, delta);
                        calls.put(k, broker.transact(priority(), s -> s.update(update(), delta, k)));
                    }
                    for (int i = 0; i < 3; i++) {
                        int k = fresh();
                        long v = random.nextInt(1000);
                        deltas.put(k, v);
                        calls.put(k, broker.transact(priority(), s -> s.update(insert(), k, id, v)));
                    }
                    for (Map.Entry<Integer, CompletableFuture<Integer>> call : calls.entrySet()) {
                        assertEquals(1, await(call.getValue()));
                        rows.merge(call.getKey(), deltas.get(call.getKey()), Long::sum);
                        count(Outcome.COMMITTED);
                    }
                }
                case NESTED -> {
                    int a = fresh();
                    int b = fresh();
                    Integer c = existing();
                    long delta = random.nextInt(100) + 1;
                    Priority innerPriority = priority();
                    await(broker.transact(priority(), s -> {
                        s.update(insert(), a, id, 1L);
                        CompletableFuture<Void> inner = broker.transact(innerPriority, n -> {
                            n.update(insert(), b, id, 2L);
                            if (c != null) {
                                n.update(update(), delta, c);
                            }
                            return null;
                        });
                        assertTrue(inner.isDone(), "a nested call runs inline and is complete on return");
                        inner.join();
                        return s.update(update(), 10L, a);
                    }));
                    rows.put(a, 11L);
                    rows.put(b, 2L);
                    if (c != null) {
                        rows.merge(c, delta, Long::sum);
                    }
                    count(Outcome.COMMITTED);
                }
                case NESTED_FAILING -> {
                    int a = fresh();
                    Integer c = existing();
                    expectFailure(broker.transact(priority(), s -> {
                        s.update(insert(), a, id, 1L);
                        broker.transact(n -> {
                            if (c != null) {
                                n.update(update(), 1000L, c);
                            }
                            throw new IntentionalFailure("nested work fails; the whole transaction rolls back");
                        }).join();
                        return null;
                    }), IntentionalFailure.class);
                    count(Outcome.NESTED_WORK_THREW);
                }
                case FAILING -> {
                    int a = fresh();
                    Integer c = existing();
                    expectFailure(broker.transact(priority(), s -> {
                        s.update(insert(), a, id, 1L);
                        if (c != null) {
                            s.update(delete(), c);
                        }
                        throw new IntentionalFailure("work fails after writing; rolled back");
                    }), IntentionalFailure.class);
                    count(Outcome.WORK_THREW);
                }
                case DUPLICATE -> {
                    int a = fresh();
                    Integer c = existing();
                    TransactionException te = expectFailure(broker.transact(priority(), s -> {
                        if (c != null) {
                            s.update(update(), 1000L, c);
                        }
                        s.update(insert(), a, id, 1L);
                        return s.update(insert(), a, id, 2L);
                    }), java.sql.SQLException.class);
                    assertEquals("23505", te.sqlState().orElse(null), te.getMessage());
                    assertTrue(!te.isRetryable(), "a duplicate key is not retryable");
                    count(Outcome.DUPLICATE_KEY);
                }
                case TIMEOUT_EXPIRES -> {
                    int a = fresh();
                    Integer c = existing();
                    expectFailure(broker.transact(TransactOptions.of(priority()).withTimeout(Duration.ofMillis(300)), s -> {
                        s.update(insert(), a, id, 1L);
                        if (c != null) {
                            s.update(update(), 1000L, c);
                        }
                        // Far longer than the timeout, yet short: a timeout that expires just as
                        // the statement is being sent is ignored by the driver (pgjdbc cancels
                        // only a statement already "in query"), and the statement runs to its end.
                        return s.query("SELECT pg_sleep(5)");
                    }), TimeoutException.class);
                    count(Outcome.TIMED_OUT);
                }
                case CANCELLED_RUNNING -> {
                    // Cancelled once the server runs its statement (a cancel that reaches the
                    // driver before the statement is sent is another matter); the statement
                    // must stop, and nothing of the call be committed.
                    int a = fresh();
                    Integer c = existing();
                    AtomicInteger backend = new AtomicInteger();
                    CountDownLatch written = new CountDownLatch(1);
                    CompletableFuture<List<Row>> call = broker.transact(priority(), s -> {
                        s.update(insert(), a, id, 1L);
                        if (c != null) {
                            s.update(update(), 1000L, c);
                        }
                        backend.set(s.first("SELECT pg_backend_pid() AS pid").orElseThrow().get("pid", Integer.class));
                        written.countDown();
                        return s.query("SELECT pg_sleep(30) AS cancelled_" + id);
                    });
                    assertTrue(written.await(LoadSupport.WAIT.toSeconds(), TimeUnit.SECONDS), "the work ran");
                    LoadSupport.awaitStatement(backend.get(), "cancelled_" + id, true);
                    assertTrue(call.cancel(true), "a running call can be cancelled");
                    assertTrue(call.isCancelled());
                    LoadSupport.awaitStatement(backend.get(), "cancelled_" + id, false);
                    count(Outcome.CANCELLED);
                }
                case TIMEOUT_GENEROUS -> {
                    int a = fresh();
                    long v = random.nextInt(1000);
                    await(broker.transact(TransactOptions.of(priority()).withTimeout(LoadSupport.WAIT)
                            .withRetry(RetryPolicy.attempts(3)), s -> s.update(insert(), a, id, v)));
                    rows.put(a, v);
                    count(Outcome.COMMITTED);
                }
                case COUNTER -> {
                    // Contended by every client: SERIALIZABLE read-then-write fails with
                    // serialization failures, which the retry policy re-runs.
                    CompletableFuture<Integer> increment = broker.transact(TransactOptions.of(priority())
                            .withTimeout(LoadSupport.WAIT).withRetry(RetryPolicy.attempts(30)), s -> {
                        counterAttempts.incrementAndGet();
                        s.update("SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
                        long n = s.first("SELECT n FROM " + counter + " WHERE id = 1").orElseThrow().get("n", Long.class);
                        return s.update("UPDATE " + counter + " SET n = ? WHERE id = 1", n + 1);
                    });
                    try {
                        assertEquals(1, await(increment));
                        increments++;
                        count(Outcome.COMMITTED);
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TransactionException te && te.isRetryable())) {
                            throw e;
                        }
                        count(Outcome.RETRIES_EXHAUSTED);
                    }
                }
                case DICT_PUT -> {
                    String key = dictKey();
                    Object value = dictValue();
                    CompletableFuture<Void> put = dict.put(key, value);
                    entries.put(key, value);
                    if (random.nextInt(3) == 0) {
                        await(put);
                    } else {
                        dictWrites.add(put);
                    }
                    count(Outcome.DICT_WRITE);
                }
                case DICT_REMOVE -> {
                    String key = dictKey();
                    CompletableFuture<Void> remove = dict.remove(key);
                    entries.remove(key);
                    if (random.nextInt(3) == 0) {
                        await(remove);
                    } else {
                        dictWrites.add(remove);
                    }
                    count(Outcome.DICT_WRITE);
                }
                case DICT_GET -> {
                    String key = dictKey();
                    assertEquals(entries.get(key), await(dict.get(key)), "dict value of " + key);
                    count(Outcome.DICT_READ);
                }
                case DICT_FLUSH -> await(dict.flush());
                case STREAM_OWN -> {
                    RowStream stream = broker.stream(priority(), "SELECT k, v FROM " + table
                            + " WHERE k >= ? AND k < ? ORDER BY k", base, base + RANGE);
                    assertEquals(rows, toModel(await(stream.toList())), "own rows streamed");
                    LoadSupport.awaitReleased(stream);
                    count(Outcome.STREAM_READ);
                }
                case STREAM_OWN_STOPPED -> {
                    while (rows.size() < 2) {
                        perform(Op.INSERT);
                    }
                    int stopAt = 1 + random.nextInt(rows.size() - 1);
                    List<Row> seen = new ArrayList<>();
                    RowStream stream = broker.stream(priority(), "SELECT k, v FROM " + table
                            + " WHERE k >= ? AND k < ? ORDER BY k", base, base + RANGE);
                    CompletableFuture<Void> consumed = stream.forEach(row -> {
                        seen.add(row);
                        if (seen.size() == stopAt) {
                            throw new StopStream();
                        }
                    });
                    try {
                        await(consumed);
                        throw new AssertionError("the consumer stopped the stream; it must not complete");
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof StopStream)) {
                            throw e;
                        }
                    }
                    LoadSupport.awaitReleased(stream);
                    assertEquals(stopAt, seen.size(), "rows after the consumer threw");
                    assertEquals(prefix(stopAt), toModel(seen), "the rows before the stop");
                    count(Outcome.STREAM_STOPPED_BY_CONSUMER);
                }
                case STREAM_SERIES -> {
                    int n = 500 + random.nextInt(4500);
                    AtomicLong sum = new AtomicLong();
                    AtomicInteger seen = new AtomicInteger();
                    RowStream stream = broker.stream(priority(), "SELECT g FROM generate_series(1, ?) g", n);
                    await(stream.forEach(row -> {
                        seen.incrementAndGet();
                        sum.addAndGet(row.get("g", Long.class));
                    }));
                    LoadSupport.awaitReleased(stream);
                    assertEquals(n, seen.get(), "rows streamed");
                    assertEquals((long) n * (n + 1) / 2, sum.get(), "sum of the rows streamed");
                    count(Outcome.STREAM_READ);
                }
                case STREAM_SERIES_CANCELLED -> {
                    int cancelAt = 300 + random.nextInt(2700);
                    RowStream stream = broker.stream(priority(), "SELECT g FROM generate_series(1, 50000) g");
                    CancellingSubscriber subscriber = new CancellingSubscriber(cancelAt, random.nextInt(100) + 1);
                    stream.subscribe(subscriber);
                    assertEquals(cancelAt, await(subscriber.cancelled), "rows received before cancelling");
                    LoadSupport.awaitReleased(stream);
                    assertEquals(List.of(), subscriber.violations, "signals of the cancelled stream");
                    count(Outcome.STREAM_CANCELLED);
                }
                case SQL_OWN -> {
                    List<Row> read = await(broker.sql("SELECT k, v FROM " + table + " WHERE k >= ? AND k < ? ORDER BY k",
                            base, base + RANGE));
                    assertEquals(rows, toModel(read), "own rows read");
                    count(Outcome.STREAM_READ);
                }
                default -> throw new IllegalStateException(op.toString());
            }
        }

        Map<Integer, Long> prefix(int n) {
            Map<Integer, Long> prefix = new TreeMap<>();
            for (Map.Entry<Integer, Long> e : rows.entrySet()) {
                if (prefix.size() == n) {
                    break;
                }
                prefix.put(e.getKey(), e.getValue());
            }
            return prefix;
        }
    }

    private static Map<Integer, Long> toModel(List<Row> read) {
        Map<Integer, Long> model = new TreeMap<>();
        int previous = Integer.MIN_VALUE;
        for (Row row : read) {
            int k = row.get("k", Integer.class);
            assertTrue(k > previous, "rows in key order");
            previous = k;
            model.put(k, row.get("v", Long.class));
        }
        return model;
    }

    /**
     * Requests rows in batches and cancels after a given number; records any signal the
     * Reactive Streams rules forbid.
     */
    static final class CancellingSubscriber implements Flow.Subscriber<Row> {
        final CompletableFuture<Integer> cancelled = new CompletableFuture<>();
        final List<String> violations = Collections.synchronizedList(new ArrayList<>());
        private final int cancelAt;
        private final int batch;
        private Flow.Subscription subscription;
        private int received;
        private long outstanding;

        CancellingSubscriber(int cancelAt, int batch) {
            this.cancelAt = cancelAt;
            this.batch = batch;
        }

        @Override
        public void onSubscribe(Flow.Subscription s) {
            subscription = s;
            outstanding = batch;
            s.request(batch);
        }

        @Override
        public void onNext(Row row) {
            if (cancelled.isDone()) {
                return; // allowed: signals already in flight when cancel was called
            }
            received++;
            if (--outstanding < 0) {
                violations.add("more rows than requested");
            }
            long g = row.get("g", Long.class);
            if (g != received) {
                violations.add("row " + received + " was " + g);
            }
            if (received == cancelAt) {
                subscription.cancel();
                cancelled.complete(received);
            } else if (outstanding == 0) {
                outstanding = batch;
                subscription.request(batch);
            }
        }

        @Override
        public void onError(Throwable failure) {
            violations.add("onError: " + failure);
            cancelled.completeExceptionally(failure);
        }

        @Override
        public void onComplete() {
            violations.add("onComplete before " + cancelAt + " rows");
            cancelled.complete(received);
        }
    }
}
