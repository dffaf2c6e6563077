package io.sasync.tests;

import static io.sasync.tests.Waits.await;
import static io.sasync.tests.Waits.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.DatabaseConfig;
import io.sasync.DatabaseException;
import io.sasync.Row;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A broker outlives its database server going away, on a cluster of the test's own: after a
 * restart or a crash the same broker serves transactions again (its pool validates connections
 * when they are borrowed and replaces the dead ones), and a broker that failed to start because
 * its database did not exist yet serves calls once the database is there.
 */
class PostgresRestartTest {

    /** How long a broker whose start failed may take to serve a call once its database exists. */
    private static final Duration START_RETRY = Duration.ofSeconds(30);

    private static OwnedPostgresCluster cluster;

    private final List<AccessBroker> brokers = new ArrayList<>();

    @BeforeAll
    static void createCluster() throws Exception {
        OwnedPostgresCluster.assumeAvailable();
        cluster = OwnedPostgresCluster.create();
    }

    @AfterAll
    static void removeCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @AfterEach
    void shutDown() throws Exception {
        for (AccessBroker broker : brokers) {
            try {
                broker.shutdown().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
            } catch (TimeoutException e) {
                System.err.println(broker + " did not shut down within 60 s");
            }
        }
    }

    private AccessBroker broker(String database) {
        AccessBroker broker = new AccessBroker(new DefaultQueueFactory(Dialects.load()),
                DatabaseConfig.builder(cluster.jdbcUrl(database))
                        .user(cluster.user())
                        .maxConnections(2)
                        .borrowTimeout(Duration.ofSeconds(5))
                        .driverProperty("connectTimeout", "5")
                        .driverProperty("socketTimeout", "30")
                        .build());
        brokers.add(broker);
        return broker;
    }

    /** Inserts rows, two at a time so that both pooled connections are used. */
    private static void insert(AccessBroker broker, String table, int from, int to) throws Exception {
        List<CompletableFuture<Integer>> inserts = new ArrayList<>();
        for (int i = from; i < to; i++) {
            inserts.add(broker.update("INSERT INTO " + table + " VALUES (?)", i));
        }
        for (CompletableFuture<Integer> insert : inserts) {
            assertEquals(1, await(insert));
        }
    }

    private static int count(String table) throws Exception {
        try (Connection c = cluster.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void theSameBrokerServesTransactionsAfterARestart() throws Exception {
        String table = "restarted_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        AccessBroker broker = broker("postgres");
        await(broker.update("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY)"));
        insert(broker, table, 0, 10);

        cluster.restart();

        insert(broker, table, 10, 20);
        Row read = await(broker.transact(s -> s.first("SELECT COUNT(*) FROM " + table).orElseThrow()));
        assertEquals(20L, read.get(0, Long.class),
                "the broker reads what it wrote on both sides of the restart");
        assertEquals(20, count(table));
    }

    @Test
    void theSameBrokerServesTransactionsAfterACrash() throws Exception {
        String table = "crashed_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        AccessBroker broker = broker("postgres");
        await(broker.update("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY)"));
        insert(broker, table, 0, 10);

        cluster.crash();
        cluster.start();

        insert(broker, table, 10, 20);
        assertEquals(20, count(table), "every acknowledged commit survived the crash");
    }

    @Test
    void aBrokerWhoseDatabaseDidNotExistYetServesCallsOnceItDoes() throws Exception {
        String database = "not_yet_" + UUID.randomUUID().toString().replace("-", "").substring(0, 8);
        AccessBroker broker = broker(database);
        assertInstanceOf(DatabaseException.class, failure(broker.sql("SELECT 1")),
                "the first call fails: the broker cannot start on a database that does not exist");

        cluster.execute("CREATE DATABASE " + database);

        long deadline = System.nanoTime() + START_RETRY.toNanos();
        Throwable last = null;
        int calls = 0;
        while (System.nanoTime() < deadline) {
            calls++;
            try {
                List<Row> rows = broker.sql("SELECT current_database()").get(START_RETRY.toMillis(), TimeUnit.MILLISECONDS);
                assertEquals(database, rows.get(0).get(0));
                await(broker.update("CREATE TABLE started (id INTEGER PRIMARY KEY)"));
                assertEquals(1, await(broker.update("INSERT INTO started VALUES (1)")));
                return;
            } catch (ExecutionException e) {
                last = e.getCause();
            }
            Thread.sleep(100);
        }
        fail("the broker still fails " + START_RETRY.toSeconds() + " s after its database was created ("
                + calls + " calls); the last failure: " + last, last);
    }
}
