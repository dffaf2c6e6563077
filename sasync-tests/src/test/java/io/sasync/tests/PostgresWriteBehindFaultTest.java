package io.sasync.tests;

import static io.sasync.tests.Waits.await;
import static io.sasync.tests.Waits.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.TransactionException;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.store.PersistentDict;
import io.sasync.store.WriteBehindException;
import io.sasync.persistence.Codecs;
import io.sasync.persistence.Stores;
import java.net.URI;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Write-behind while PostgreSQL cannot be reached, through a {@link FaultyProxy} that refuses new
 * connections and cuts the open ones: writes wait in the cache and are tried again with backoff,
 * land in order and once when the database returns; a shutdown that cannot write says how many
 * entries it kept, and a retry writes them; the broker's shutdown fails with that failure and
 * hands the writes over in the exception.
 */
class PostgresWriteBehindFaultTest {

    private PostgresSchema schema;
    private FaultyProxy proxy;
    private DefaultQueueFactory factory;
    private AccessBroker broker;

    @BeforeEach
    void open() throws Exception {
        TestPostgres.assumeAvailable();
        schema = new PostgresSchema();
        URI uri = URI.create(TestPostgres.url().substring("jdbc:".length()));
        proxy = new FaultyProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
        String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getPath();
        factory = new DefaultQueueFactory(Dialects.load());
        broker = new AccessBroker(factory, schema.config(proxied)
                .maxConnections(2)
                .borrowTimeout(Duration.ofSeconds(3))
                .driverProperty("connectTimeout", "3")
                .driverProperty("socketTimeout", "3")
                .build());
    }

    @AfterEach
    void close() throws Exception {
        if (proxy == null) {
            return;
        }
        try {
            proxy.refuse(false);
            broker.shutdown().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
            proxy.close();
        } finally {
            schema.close();
        }
    }

    private PersistentDict<String, Object> seeded(String id, Map<String, Object> model, int keys) throws Exception {
        PersistentDict<String, Object> dict = Stores.dict(broker, id);
        for (int i = 0; i < keys; i++) {
            dict.put("k" + i, "seed" + i);
            model.put("k" + i, "seed" + i);
        }
        await(dict.flush());
        return dict;
    }

    private long refusedBefore;

    private void databaseGoesAway() {
        refusedBefore = proxy.refused();
        proxy.refuse(true);
        proxy.cutAll();
    }

    /** @return whether the dict tried to reach the database three times within a minute */
    private boolean threeFailedAttempts() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (proxy.refused() - refusedBefore < 3) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    private static void assertAllPending(List<CompletableFuture<Void>> writes) {
        assertTrue(writes.stream().noneMatch(Future::isDone), "no write completes while the database is unreachable");
    }

    @Test
    void writesWaitInTheCacheWhileTheDatabaseIsUnreachableAndLandInOrderOnceItReturns() throws Exception {
        String id = "outage-" + UUID.randomUUID();
        Map<String, Object> model = new HashMap<>();
        PersistentDict<String, Object> dict = seeded(id, model, 20);
        installAudit();

        databaseGoesAway();
        Random random = new Random(6);
        Set<String> touched = new TreeSet<>(model.keySet());
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            String key = "k" + random.nextInt(40);
            touched.add(key);
            if (random.nextInt(4) == 0) {
                writes.add(dict.remove(key));
                model.remove(key);
            } else {
                writes.add(dict.put(key, "w" + i));
                model.put(key, "w" + i);
            }
        }
        CompletableFuture<Void> flushed = dict.flush();

        assertTrue(threeFailedAttempts(), "the flusher keeps trying");
        assertAllPending(writes);
        assertFalse(flushed.isDone(), "flush() waits for the database");
        for (String key : touched) {
            CompletableFuture<Object> read = dict.get(key);
            assertTrue(read.isDone(), "a cached key is read from the cache: " + key);
            assertEquals(model.get(key), read.join(), key);
        }
        assertInstanceOf(TransactionException.class, failure(dict.get("never-written")),
                "only the cache answers: the database is really unreachable");
        assertAllPending(writes);

        proxy.refuse(false);
        for (int i = 300; i < 400; i++) { // issued while the first batch may still be waiting to be tried again
            String key = "k" + random.nextInt(40);
            writes.add(dict.put(key, "w" + i));
            model.put(key, "w" + i);
        }
        for (CompletableFuture<Void> write : writes) {
            await(write);
        }
        await(flushed);
        assertEquals(new TreeMap<>(model), new TreeMap<>(schema.stored(id)),
                "the database holds the final state of the issued sequence");
        assertAuditedInOrderAndOnce();

        AccessBroker direct = new AccessBroker(factory, schema.config(TestPostgres.url()).build());
        try {
            assertEquals(model, await(Stores.dict(direct, id).copy()), "a fresh dict reads the same");
        } finally {
            await(direct.shutdown());
        }
    }

    @Test
    void aShutdownThatCannotWriteSaysHowManyEntriesItKeptAndARetryWritesThem() throws Exception {
        String id = "kept-" + UUID.randomUUID();
        Map<String, Object> model = new HashMap<>();
        PersistentDict<String, Object> dict = seeded(id, model, 5);

        databaseGoesAway();
        Map<Object, Object> unwritten = new LinkedHashMap<>();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            String key = "p" + (i % 12);
            writes.add(dict.put(key, "v" + i));
            model.put(key, "v" + i);
            unwritten.put(key, "v" + i);
        }
        writes.add(dict.remove("k0"));
        writes.add(dict.remove("k1"));
        model.remove("k0");
        model.remove("k1");
        unwritten.put("k0", null);
        unwritten.put("k1", null);

        CompletableFuture<Void> firstTry = dict.shutdown();
        WriteBehindException kept = assertInstanceOf(WriteBehindException.class, failure(firstTry));
        assertEquals(14, kept.count(), kept.getMessage());
        assertTrue(kept.getMessage().contains("14 entries"), kept.getMessage());
        assertFalse(kept.clearFirst());
        assertEquals(unwritten, kept.unwritten());
        assertInstanceOf(TransactionException.class, kept.getCause(), "the cause is the failure to connect");
        assertAllPending(writes);
        assertThrows(IllegalStateException.class, () -> dict.put("late", 1), "the dict is shut down to new writes");
        assertTrue(broker.isRunning(), "the dict's shutdown leaves its broker running");

        CompletableFuture<Void> secondTry = dict.shutdown();
        assertNotSame(firstTry, secondTry, "after a failure, shutdown() tries again");
        assertEquals(14, assertInstanceOf(WriteBehindException.class, failure(secondTry)).count(),
                "still unreachable: still kept");
        assertAllPending(writes);

        proxy.refuse(false);
        await(dict.flush());
        for (CompletableFuture<Void> write : writes) {
            assertTrue(write.isDone() && !write.isCompletedExceptionally(), "the retry wrote every kept write");
        }
        await(dict.shutdown());
        assertEquals(model, schema.stored(id));
    }

    @Test
    void theBrokersShutdownFailsWithTheFlushFailureAndHandsTheWritesOver() throws Exception {
        String id = "handed-over-" + UUID.randomUUID();
        Map<String, Object> seed = new HashMap<>();
        PersistentDict<String, Object> dict = seeded(id, seed, 5);

        databaseGoesAway();
        List<CompletableFuture<Void>> writes = new ArrayList<>();
        Map<String, Object> model = new HashMap<>();
        writes.add(dict.clear());
        for (int i = 0; i < 10; i++) {
            writes.add(dict.put("p" + i, i));
            model.put("p" + i, i);
        }
        writes.add(dict.remove("p9"));
        model.remove("p9");

        WriteBehindException lost = assertInstanceOf(WriteBehindException.class, failure(broker.shutdown()),
                "the broker's shutdown fails with the dict's flush failure");
        assertEquals(10, lost.count(), lost.getMessage());
        assertTrue(lost.clearFirst(), "the clear was not written either");
        assertTrue(lost.getMessage().contains("10 entries and a clear"), lost.getMessage());
        for (CompletableFuture<Void> write : writes) {
            assertInstanceOf(WriteBehindException.class, failure(write), "no write is left waiting for a gone broker");
        }
        assertThrows(IllegalStateException.class, () -> dict.put("late", 1));

        proxy.refuse(false);
        assertEquals(seed, schema.stored(id), "nothing was written");

        // The documented way on: write what the exception lists through a dict on another broker.
        AccessBroker next = new AccessBroker(factory, schema.config(TestPostgres.url()).build());
        try {
            PersistentDict<String, Object> again = Stores.dict(next, id);
            if (lost.clearFirst()) {
                again.clear();
            }
            lost.unwritten().forEach((key, value) -> {
                if (value == null) {
                    again.remove((String) key);
                } else {
                    again.put((String) key, value);
                }
            });
            await(again.flush());
        } finally {
            await(next.shutdown());
        }
        assertEquals(model, schema.stored(id));
    }

    // ------------------------------------------------------------------ the audit

    /** Records every row change of the store table with its transaction, in the order made. */
    private void installAudit() throws Exception {
        try (Connection c = schema.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE audit (id BIGSERIAL PRIMARY KEY, tx BIGINT NOT NULL, op CHAR(1) NOT NULL,"
                    + " name TEXT NOT NULL, payload BYTEA)");
            s.execute("CREATE FUNCTION audit_items() RETURNS trigger AS $$ BEGIN"
                    + " IF TG_OP = 'DELETE' THEN"
                    + "   INSERT INTO audit (tx, op, name) VALUES (txid_current(), 'D', OLD.name); RETURN OLD;"
                    + " END IF;"
                    + " INSERT INTO audit (tx, op, name, payload) VALUES (txid_current(), substr(TG_OP, 1, 1), NEW.name, NEW.payload);"
                    + " RETURN NEW; END $$ LANGUAGE plpgsql");
            s.execute("CREATE TRIGGER audit_items AFTER INSERT OR UPDATE OR DELETE ON sasync_items"
                    + " FOR EACH ROW EXECUTE FUNCTION audit_items()");
        }
    }

    /**
     * Every put written during the outage carries its issue number ({@code "w" + i}). Each lands
     * at most once, and the transactions that wrote them ran in issue order: every put of a later
     * transaction was issued after every put of an earlier one.
     */
    private void assertAuditedInOrderAndOnce() throws Exception {
        Map<Long, List<Integer>> byTransaction = new LinkedHashMap<>();
        try (Connection c = schema.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT tx, op, payload FROM audit ORDER BY id")) {
            while (rs.next()) {
                List<Integer> issued = byTransaction.computeIfAbsent(rs.getLong(1), tx -> new ArrayList<>());
                if (!"D".equals(rs.getString(2))) {
                    String value = (String) Codecs.standard().decode(rs.getBytes(3));
                    issued.add(Integer.parseInt(value.substring(1)));
                }
            }
        }
        assertFalse(byTransaction.isEmpty(), "the writes were audited");
        Set<Integer> seen = new TreeSet<>();
        int previousMax = -1;
        for (List<Integer> issued : byTransaction.values()) {
            for (int i : issued) {
                assertTrue(seen.add(i), "write " + i + " landed more than once");
            }
            if (issued.isEmpty()) {
                continue;
            }
            int min = issued.stream().mapToInt(Integer::intValue).min().orElseThrow();
            assertTrue(min > previousMax, "a transaction wrote write " + min + " after one that wrote write " + previousMax);
            previousMax = issued.stream().mapToInt(Integer::intValue).max().orElseThrow();
        }
    }
}
