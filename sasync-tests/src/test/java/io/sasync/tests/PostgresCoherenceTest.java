package io.sasync.tests;

import static io.sasync.tests.Waits.await;
import static io.sasync.tests.Waits.until;
import static io.sasync.tests.Waits.within;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Broker;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.persistence.Coherence;
import io.sasync.persistence.Stores;
import io.sasync.store.PersistentDict;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.SQLTransientConnectionException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Coherent dicts on PostgreSQL, in one JVM: two brokers, each with its own listening connection,
 * and a dict of the same id on each, which behave as two processes. A change committed through
 * one reaches the other's cache and preloaded map; a lost listening connection (ended with
 * {@code pg_terminate_backend}, only the one opened under this test's own application name) is
 * followed by a refresh of everything, so nothing stays stale. Runs on the shared server, in a
 * schema of its own.
 */
class PostgresCoherenceTest {

    private final String application = LoadSupport.unique("sasync_coherent");
    private final AtomicReference<SQLException> listenerRefused = new AtomicReference<>();
    private PostgresSchema schema;
    private AccessBroker writerBroker;
    private AccessBroker readerBroker;
    private Broker reader;

    @BeforeEach
    void open() throws Exception {
        TestPostgres.assumeAvailable();
        schema = new PostgresSchema();
        writerBroker = new AccessBroker(new DefaultQueueFactory(Dialects.load()), schema.config(TestPostgres.url())
                .maxConnections(2).build());
        readerBroker = new AccessBroker(new DefaultQueueFactory(Dialects.load()), schema.config(TestPostgres.url())
                .maxConnections(2).driverProperty("ApplicationName", application).build());
        reader = new RefusingListenerBroker(readerBroker, listenerRefused);
    }

    @AfterEach
    void close() throws Exception {
        if (schema == null) {
            return;
        }
        try {
            writerBroker.shutdown().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
            readerBroker.shutdown().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
        } finally {
            schema.close();
        }
    }

    private PersistentDict<String, Object> dict(Broker broker, String id) {
        return Stores.dict(broker, id, Coherence.acrossProcesses());
    }

    @Test
    void aCommittedChangeReachesTheOtherCacheAndItsPreloadedMap() throws Exception {
        String id = LoadSupport.unique("coherent");
        PersistentDict<String, Object> writer = dict(writerBroker, id);
        PersistentDict<String, Object> cached = dict(reader, id);
        PersistentDict<String, Object> preloaded = dict(reader, id);
        await(writer.put("a", 1));
        assertEquals(1, await(cached.get("a")));
        Map<String, Object> map = await(preloaded.preload());
        assertEquals(Map.of("a", 1), map);

        await(writer.put("a", 2));
        await(writer.put("b", 3));
        until("the cache and the map see a = 2, b = 3",
                () -> Integer.valueOf(2).equals(within(cached.get("a"))) && Map.of("a", 2, "b", 3).equals(map));
        await(writer.remove("a"));
        until("the removal", () -> within(cached.get("a")) == null && !map.containsKey("a"));

        Map<String, Object> many = new HashMap<>();
        long fullRefreshes = preloaded.coherence().fullRefreshes();
        String longName = "a-key-name-long-enough-that-400-fill-several-payloads-";
        for (int i = 0; i < 400; i++) {
            many.put(longName + i, i);
            writer.put(longName + i, i);
        }
        await(writer.flush());
        many.put("b", 3);
        until("more keys than one notification names", () -> many.equals(map));
        assertEquals(fullRefreshes, preloaded.coherence().fullRefreshes(), "the keys are named, over several notifications");
        await(writer.clear());
        until("the clear", () -> map.isEmpty() && within(cached.get("b")) == null);

        assertEquals("notifications", preloaded.coherence().mode());
        assertTrue(preloaded.coherence().listening());
        assertTrue(preloaded.coherence().notifications() >= 4, preloaded.coherence().toString());
        assertEquals(0, writer.coherence().notifications(), "a dict skips its own notifications");
    }

    @Test
    void anAtomicOperationIsAnnouncedToo() throws Exception {
        String id = LoadSupport.unique("coherent_cas");
        PersistentDict<String, Object> writer = dict(writerBroker, id);
        Map<String, Object> map = await(dict(reader, id).preload());
        assertTrue(await(writer.putIfAbsent("n", 0)));
        until("the put-if-absent", () -> Integer.valueOf(0).equals(map.get("n")));
        assertTrue(await(writer.replace("n", 0, 1)));
        until("the replace", () -> Integer.valueOf(1).equals(map.get("n")));
    }

    @Test
    void changesMadeWhileTheListeningConnectionIsLostAreRefreshedOnReconnect() throws Exception {
        String id = LoadSupport.unique("coherent_lost");
        PersistentDict<String, Object> writer = dict(writerBroker, id);
        PersistentDict<String, Object> cached = dict(reader, id);
        PersistentDict<String, Object> preloaded = dict(reader, id);
        for (int i = 0; i < 10; i++) {
            writer.put("k" + i, 0);
        }
        await(writer.flush());
        Map<String, Object> map = await(preloaded.preload());
        for (int i = 0; i < 10; i++) {
            assertEquals(0, await(cached.get("k" + i)));
        }

        listenerRefused.set(new SQLTransientConnectionException("refused by the test", "08001"));
        assertEquals(1, terminateListeners(application), "one listening connection under " + application);
        until("the loss is noticed", () -> !preloaded.coherence().listening());
        for (int i = 0; i < 10; i++) {
            writer.put("k" + i, 1);
        }
        await(writer.flush());
        assertEquals(0, map.get("k3"), "no notification arrives while the connection is lost");

        long refreshes = preloaded.coherence().fullRefreshes();
        listenerRefused.set(null);
        until("the reconnection refresh", () -> preloaded.coherence().fullRefreshes() > refreshes
                && cached.coherence().fullRefreshes() > 0);
        Map<String, Object> expected = schema.stored(id);
        until("the preloaded map equals the database", () -> expected.equals(map));
        for (int i = 0; i < 10; i++) {
            assertEquals(1, await(cached.get("k" + i)), "k" + i);
        }
        assertEquals(1, preloaded.coherence().reconnects());
        assertNull(await(cached.get("nothing")));
    }

    @Test
    void dictsOfABrokerWithoutDedicatedConnectionsPollAllOfThemEvenWhenStartedTogether() throws Exception {
        listenerRefused.set(new SQLFeatureNotSupportedException("no dedicated connections in this test"));
        String id = LoadSupport.unique("coherent_unsupported");
        List<PersistentDict<String, Object>> dicts = IntStream.range(0, 16).mapToObj(i -> dict(reader, id + "_" + i)).toList();
        List<CompletableFuture<Object>> firstReads = dicts.parallelStream().map(d -> d.get("k")).toList();
        for (CompletableFuture<Object> read : firstReads) {
            assertNull(await(read), "every first use completes");
        }
        for (PersistentDict<String, Object> d : dicts) {
            assertEquals("polling", d.coherence().mode());
        }
        PersistentDict<String, Object> writer = dict(writerBroker, id + "_3");
        await(writer.put("k", 1));
        until("a polling dict sees the change", () -> Integer.valueOf(1).equals(within(dicts.get(3).get("k"))));
    }

    /**
     * Ends the listening connections opened under an application name of a test's own, and no
     * other backend.
     *
     * @param application the {@code ApplicationName} of the brokers whose listeners to end
     * @return how many backends were ended
     */
    static int terminateListeners(String application) throws SQLException {
        try (Connection admin = LoadSupport.direct();
             PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     + " WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            kill.setString(1, application + " (sasync listener)");
            int ended = 0;
            try (ResultSet rs = kill.executeQuery()) {
                while (rs.next()) {
                    ended += rs.getBoolean(1) ? 1 : 0;
                }
            }
            return ended;
        }
    }

    /** A broker whose dedicated connections are refused with a given exception while it is set. */
    private static final class RefusingListenerBroker extends ForwardingBroker {
        private final AtomicReference<SQLException> refused;

        RefusingListenerBroker(Broker inner, AtomicReference<SQLException> refused) {
            super(inner);
            this.refused = refused;
        }

        @Override
        public Connection dedicatedConnection() throws SQLException {
            SQLException refusal = refused.get();
            if (refusal != null) {
                throw refusal;
            }
            return inner.dedicatedConnection();
        }

        @Override
        Broker over(Broker registered) {
            return new RefusingListenerBroker(registered, refused);
        }
    }
}
