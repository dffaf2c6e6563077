package io.sasync.tests;

import static io.sasync.tests.Waits.await;
import static io.sasync.tests.Waits.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import io.sasync.TransactionException;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import java.net.URI;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Faults between the broker and a real PostgreSQL server, injected with a {@link FaultyProxy} and
 * {@code pg_terminate_backend}: the affected transactions fail clearly, nothing half-done is
 * committed, nothing hangs, and the broker recovers by itself.
 */
class PostgresFaultTest {

    private final String application = "sasync-fault-" + UUID.randomUUID().toString().substring(0, 8);
    private final String table = "fault_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    private FaultyProxy proxy;
    private DefaultQueueFactory factory;
    private AccessBroker broker;

    @BeforeEach
    void open() throws Exception {
        TestPostgres.assumeAvailable();
        URI uri = URI.create(TestPostgres.url().substring("jdbc:".length()));
        proxy = new FaultyProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
        String proxied = "jdbc:postgresql://127.0.0.1:" + proxy.port() + uri.getPath();
        DatabaseConfig config = DatabaseConfig.builder(proxied)
                .user(TestPostgres.user())
                .maxConnections(2)
                .borrowTimeout(Duration.ofSeconds(3))
                .driverProperty("ApplicationName", application)
                .driverProperty("connectTimeout", "3")
                .driverProperty("socketTimeout", "3")
                .build();
        factory = new DefaultQueueFactory(Dialects.load());
        broker = new AccessBroker(factory, config);
        await(broker.update("CREATE TABLE " + table + " (id INTEGER PRIMARY KEY)"));
    }

    @AfterEach
    void close() throws Exception {
        if (proxy == null) {
            return;
        }
        proxy.refuse(false);
        proxy.stall(false);
        broker.shutdown().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
        proxy.close();
        try (Connection c = direct(); Statement s = c.createStatement()) {
            s.execute("DROP TABLE IF EXISTS " + table);
        }
    }

    private static Connection direct() throws Exception {
        return DriverManager.getConnection(TestPostgres.url(), TestPostgres.user(), null);
    }

    private int backends() throws Exception {
        try (Connection c = direct();
             PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, application);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    private int insertAll(int from, int count) throws Exception {
        List<CompletableFuture<Integer>> inserts = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            inserts.add(broker.update("INSERT INTO " + table + " VALUES (?)", i));
        }
        int done = 0;
        for (CompletableFuture<Integer> f : inserts) {
            done += await(f);
        }
        return done;
    }

    @Test
    void idleConnectionsKilledByTheServerAreReplaced() throws Exception {
        assertEquals(10, insertAll(0, 10));
        assertTrue(backends() > 0);
        try (Connection c = direct();
             PreparedStatement ps = c.prepareStatement(
                     "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = ?")) {
            ps.setString(1, application);
            ps.executeQuery().close();
        }
        assertEquals(10, insertAll(10, 10), "connections are validated on borrow; dead ones are replaced");
        assertTrue(backends() > 0, "the pool refilled");
    }

    @Test
    void aConnectionCutMidTransactionFailsItAndCommitsNothing() throws Exception {
        CountDownLatch inserted = new CountDownLatch(1);
        CountDownLatch cut = new CountDownLatch(1);
        CompletableFuture<Integer> doomed = broker.transact(s -> {
            s.update("INSERT INTO " + table + " VALUES (?)", 999);
            inserted.countDown();
            assertTrue(cut.await(30, TimeUnit.SECONDS));
            return s.update("INSERT INTO " + table + " VALUES (?)", 1000);
        });
        assertTrue(inserted.await(30, TimeUnit.SECONDS));
        proxy.cutAll();
        cut.countDown();
        TransactionException te = assertInstanceOf(TransactionException.class, failure(doomed));
        assertTrue(te.sqlState().isPresent(), te.getMessage());
        try (Connection c = direct(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            assertEquals(0, rs.getInt(1), "nothing of the cut transaction was committed");
        }
        assertEquals(5, insertAll(0, 5), "later transactions succeed without restarting the broker");
    }

    @Test
    void anUnreachableDatabaseFailsTransactionsQuicklyAndTheBrokerRecovers() throws Exception {
        proxy.refuse(true);
        proxy.cutAll();
        for (int i = 0; i < 3; i++) {
            assertInstanceOf(TransactionException.class, failure(broker.update("INSERT INTO " + table + " VALUES (?)", i)));
        }
        proxy.refuse(false);
        assertEquals(5, insertAll(0, 5), "the broker recovers by itself when the database returns");
    }

    @Test
    void stalledTrafficTimesOutAndNoWorkerStaysStuck() throws Exception {
        assertEquals(2, insertAll(0, 2));
        proxy.stall(true);
        List<CompletableFuture<Integer>> stalled = new ArrayList<>();
        for (int i = 10; i < 14; i++) {
            stalled.add(broker.update("INSERT INTO " + table + " VALUES (?)", i));
        }
        for (CompletableFuture<Integer> f : stalled) {
            assertInstanceOf(TransactionException.class, failure(f), "the socket timeout fires");
        }
        proxy.stall(false);
        proxy.cutAll();
        assertEquals(6, insertAll(20, 6), "every worker is free again");
    }
}
