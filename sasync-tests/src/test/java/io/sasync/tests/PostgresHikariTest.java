package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.sasync.DatabaseConfig;
import io.sasync.QueueStats;
import io.sasync.Row;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.persistence.Coherence;
import io.sasync.persistence.Stores;
import io.sasync.store.PersistentDict;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A broker on the application's own HikariCP pool, on PostgreSQL. */
class PostgresHikariTest {

    private PostgresSchema schema;
    private HikariDataSource hikari;
    private AccessBroker broker;

    @BeforeEach
    void open() throws Exception {
        TestPostgres.assumeAvailable();
        schema = new PostgresSchema();
        HikariConfig pool = new HikariConfig();
        pool.setJdbcUrl(TestPostgres.url());
        pool.setUsername(TestPostgres.user());
        pool.setSchema(schema.name());
        pool.setMaximumPoolSize(3);
        pool.setPoolName("application-pool");
        hikari = new HikariDataSource(pool);
        broker = new AccessBroker(new DefaultQueueFactory(Dialects.load()),
                DatabaseConfig.builder(hikari).workers(3).build());
    }

    @AfterEach
    void close() throws Exception {
        try {
            if (broker != null) {
                broker.shutdown().get(30, TimeUnit.SECONDS);
            }
        } finally {
            if (hikari != null) {
                hikari.close();
            }
            if (schema != null) {
                schema.close();
            }
        }
    }

    private static <T> T await(CompletableFuture<T> f) throws Exception {
        return f.get(30, TimeUnit.SECONDS);
    }

    @Test
    void transactionsStreamsAndStoresRunOnTheApplicationsPoolWhichOutlivesTheBroker() throws Exception {
        assertEquals("postgresql", broker.dialect().name(), "found from the pool's JDBC URL");
        await(broker.update("CREATE TABLE numbers (n INTEGER PRIMARY KEY)"));
        List<CompletableFuture<Integer>> inserts = IntStream.rangeClosed(1, 500)
                .mapToObj(n -> broker.update("INSERT INTO numbers VALUES (?)", n)).toList();
        for (CompletableFuture<Integer> insert : inserts) {
            assertEquals(1, await(insert));
        }
        List<Row> streamed = await(broker.stream("SELECT n FROM numbers ORDER BY n").toList());
        assertEquals(500, streamed.size());
        assertEquals(500, streamed.get(499).get("n", Integer.class));

        String id = "hikari-" + UUID.randomUUID();
        PersistentDict<String, Object> dict = Stores.dict(broker, id);
        for (int i = 0; i < 100; i++) {
            dict.put("k" + i, i);
        }
        await(dict.flush());
        assertEquals(100, await(Stores.dict(broker, id).copy()).size(), "a fresh dict reads the writes back");
        assertEquals(7, await(dict.get("k7")));

        QueueStats stats = broker.queue().stats();
        assertEquals(3, stats.workers());
        assertEquals(-1, stats.poolActive(), "an application's pool does not say: " + stats);

        await(broker.shutdown());
        assertFalse(hikari.isClosed(), "the application's pool is the application's to close");
        assertTrue(hikari.getHikariPoolMXBean().getActiveConnections() == 0, "every connection was returned");
    }

    @Test
    void statementsAreKeptOnHikarisPhysicalConnectionBetweenTransactions() throws Exception {
        HikariConfig one = new HikariConfig();
        one.setJdbcUrl(TestPostgres.url());
        one.setUsername(TestPostgres.user());
        one.setMaximumPoolSize(1);
        try (HikariDataSource single = new HikariDataSource(one)) {
            AccessBroker onOne = new AccessBroker(new DefaultQueueFactory(Dialects.load()),
                    DatabaseConfig.builder(single).workers(1).build());
            try {
                PreparedStatement first = await(onOne.transact(s -> s.prepared("one", "SELECT 1")));
                PreparedStatement again = await(onOne.transact(s -> s.prepared("one", "SELECT 1")));
                assertSame(first, again, "the second transaction reuses the statement the first prepared");
            } finally {
                onOne.shutdown().get(30, TimeUnit.SECONDS);
            }
        }
    }

    /**
     * The listening connection of coherent dicts comes from the application's pool, which hands
     * out connections with auto-commit off: it listens all the same, and goes back to the pool
     * as it came, listening to nothing and with its application name.
     */
    @Test
    void theListeningConnectionFromTheApplicationsPoolListensAndGoesBackAsItCame() throws Exception {
        String application = "sasync_hikari_" + Long.toHexString(System.nanoTime());
        HikariConfig manual = new HikariConfig();
        manual.setJdbcUrl(TestPostgres.url());
        manual.setUsername(TestPostgres.user());
        manual.setSchema(schema.name());
        manual.setAutoCommit(false);
        manual.setMaximumPoolSize(3);
        manual.addDataSourceProperty("ApplicationName", application);
        try (HikariDataSource pool = new HikariDataSource(manual)) {
            AccessBroker onPool = new AccessBroker(new DefaultQueueFactory(Dialects.load()),
                    DatabaseConfig.builder(pool).workers(1).build());
            AccessBroker writer = new AccessBroker(new DefaultQueueFactory(Dialects.load()),
                    schema.config(TestPostgres.url()).maxConnections(1).build());
            try {
                String id = "hikari-coherent-" + UUID.randomUUID();
                PersistentDict<String, Object> written = Stores.dict(writer, id, Coherence.acrossProcesses());
                PersistentDict<String, Object> cached = Stores.dict(onPool, id, Coherence.acrossProcesses());
                await(written.put("a", 1));
                assertEquals(1, await(cached.get("a")));
                Waits.until("listening", () -> cached.coherence().listening());
                await(written.put("a", 2));
                Waits.until("the change is heard", () -> Integer.valueOf(2).equals(Waits.within(cached.get("a"))));

                await(cached.shutdown());
                List<Connection> all = new ArrayList<>();
                try {
                    for (int i = 0; i < 3; i++) {
                        all.add(pool.getConnection());
                    }
                    for (Connection c : all) {
                        try (Statement st = c.createStatement();
                             ResultSet r = st.executeQuery("SELECT current_setting('application_name'),"
                                     + " (SELECT count(*) FROM pg_listening_channels())")) {
                            assertTrue(r.next());
                            assertEquals(application, r.getString(1), "its name is given back");
                            assertEquals(0, r.getInt(2), "it listens to nothing");
                        }
                    }
                } finally {
                    for (Connection c : all) {
                        c.close();
                    }
                }
            } finally {
                writer.shutdown().get(30, TimeUnit.SECONDS);
                onPool.shutdown().get(30, TimeUnit.SECONDS);
            }
        }
    }
}
