package io.sasync.tests;

import static io.sasync.tests.Waits.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.DatabaseConfig;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.store.PersistentDict;
import io.sasync.persistence.Stores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Write-behind across a PostgreSQL restart and across a server crash, on a cluster of the test's
 * own: a steady stream of dict puts goes on while the server ends every session ({@code 57P01}),
 * refuses connections, and starts up again ({@code 57P03} while it is not yet ready); no put fails,
 * and every value is in the database afterwards.
 *
 * <p>So that the server goes away in the middle of a batch, not between two, each test first
 * holds a lock on the store table and waits until the server says the dict's batch is waiting
 * for it.
 */
class PostgresRestartWriteBehindTest {

    /** Puts committed before the server goes away: writing behind is under way. */
    private static final int BEFORE = 500;
    /** Puts issued while the server is down (after a crash), and again once it is back. */
    private static final int WHILE_DOWN = 500;
    private static final int AFTER = 500;

    private static OwnedPostgresCluster cluster;

    private final String application = LoadSupport.unique("sasync_wb_restart");
    private DefaultQueueFactory factory;
    private AccessBroker broker;

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

    @BeforeEach
    void open() {
        factory = new DefaultQueueFactory(Dialects.load());
        broker = new AccessBroker(factory, config().build());
    }

    private DatabaseConfig.Builder config() {
        return DatabaseConfig.builder(cluster.jdbcUrl())
                .driverProperty("ApplicationName", application)
                .user(cluster.user())
                .maxConnections(2)
                .borrowTimeout(Duration.ofSeconds(5))
                .driverProperty("connectTimeout", "5")
                .driverProperty("socketTimeout", "30");
    }

    @AfterEach
    void close() throws Exception {
        if (broker == null) {
            return;
        }
        try {
            broker.shutdown().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("the broker did not shut down within 60 s");
        }
    }

    @Test
    void writesBehindSurviveAFastRestart() throws Exception {
        String id = "restart-" + UUID.randomUUID();
        try (PutStream puts = PutStream.start(Stores.dict(broker, id))) {
            puts.awaitCommitted(BEFORE);
            Connection blocker = blockWrites();
            long restarting = System.nanoTime();
            try {
                cluster.restart();
            } finally {
                closeQuietly(blocker); // the restart ended its session
            }
            long down = System.nanoTime() - restarting;
            puts.awaitIssued(puts.issued() + AFTER);
            puts.stop();
            report("fast restart", puts, down);
            puts.assertEveryPutCommitted();
            assertStored(id, puts);
        }
    }

    @Test
    void writesBehindSurviveACrashAndRecovery() throws Exception {
        String id = "crash-" + UUID.randomUUID();
        try (PutStream puts = PutStream.start(Stores.dict(broker, id))) {
            puts.awaitCommitted(BEFORE);
            Connection blocker = blockWrites();
            long crashing = System.nanoTime();
            try {
                cluster.crash();
            } finally {
                closeQuietly(blocker); // the crash ended its session
            }
            puts.awaitIssued(puts.issued() + WHILE_DOWN);
            cluster.start(); // crash recovery runs first
            long down = System.nanoTime() - crashing;
            puts.awaitIssued(puts.issued() + AFTER);
            puts.stop();
            report("crash and recovery", puts, down);
            puts.assertEveryPutCommitted();
            assertStored(id, puts);
        }
    }

    /**
     * Locks the store table against writes and waits (at most 30 s) until one of the dict's
     * connections is waiting for the lock: a batch is then in flight, and stays so.
     *
     * @return the connection holding the lock, in its open transaction
     */
    private Connection blockWrites() throws Exception {
        Connection blocker = cluster.connect();
        try {
            blocker.setAutoCommit(false);
            try (Statement s = blocker.createStatement()) {
                s.execute("LOCK TABLE sasync_items IN EXCLUSIVE MODE");
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            try (Connection c = cluster.connect();
                 PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity"
                         + " WHERE application_name = ? AND wait_event_type = 'Lock'")) {
                ps.setString(1, application);
                while (true) {
                    try (ResultSet rs = ps.executeQuery()) {
                        rs.next();
                        if (rs.getInt(1) > 0) {
                            return blocker;
                        }
                    }
                    if (System.nanoTime() > deadline) {
                        fail("no batch of the dict came to wait for the locked table within 30 s");
                    }
                    Thread.sleep(5);
                }
            }
        } catch (Exception | Error e) {
            blocker.close();
            throw e;
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException e) {
            // its server is gone: nothing to release
        }
    }

    private static void report(String what, PutStream puts, long downNanos) {
        System.out.printf("%s: %d puts in %d ms across a %s that took %d ms%n",
                PostgresRestartWriteBehindTest.class.getSimpleName(), puts.issued(), puts.duration().toMillis(), what,
                TimeUnit.NANOSECONDS.toMillis(downNanos));
    }

    /** Reads the store back with plain SQL and through a dict on a broker of its own. */
    private void assertStored(String id, PutStream puts) throws Exception {
        try (Connection c = cluster.connect()) {
            puts.assertHolds(PostgresSchema.stored(c, id), "read with plain SQL");
        }
        AccessBroker fresh = new AccessBroker(new DefaultQueueFactory(Dialects.load()), config().build());
        try {
            PersistentDict<String, Object> dict = Stores.dict(fresh, id);
            puts.assertHolds(await(dict.copy()), "read through a fresh dict");
        } finally {
            fresh.shutdown().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
        }
    }
}
