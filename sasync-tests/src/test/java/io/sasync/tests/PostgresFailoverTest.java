package io.sasync.tests;

import static io.sasync.tests.Waits.await;
import static io.sasync.tests.Waits.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.ConnectionFailureException;
import io.sasync.DatabaseConfig;
import io.sasync.OutcomeUnknownException;
import io.sasync.RetryPolicy;
import io.sasync.Row;
import io.sasync.TransactOptions;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.persistence.Stores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A failover under load, on a primary and a synchronous standby of the test's own: while clients
 * commit transactions and a dict writes behind through one broker on the URL naming both
 * servers, the primary is killed ({@code pg_ctl stop -m immediate}) and the standby promoted.
 * The same broker, never restarted, then commits on the new primary; no acknowledged write is
 * missing there, and no failure claims less than it knows.
 */
class PostgresFailoverTest {

    /** The generous bound on the time from the kill to the broker's first commit on the new primary. */
    private static final Duration RECOVERY_BOUND = Duration.ofSeconds(30);
    private static final int CLIENTS = 3;
    private static final int POOL = 6;
    /** Transactions each client commits on the new primary before the clients stop. */
    private static final int AFTER = 10;

    private OwnedStandbyPair pair;
    private AccessBroker broker;

    @BeforeEach
    void createPair() throws Exception {
        pair = OwnedStandbyPair.create();
    }

    @AfterEach
    void remove() throws Exception {
        try {
            if (broker != null) {
                Waits.shutDown(broker);
            }
        } finally {
            if (pair != null) {
                pair.close();
            }
        }
    }

    /** What the broker reported for one transaction. */
    private enum Outcome { COMMITTED, CONNECTION_FAILURE, OUTCOME_UNKNOWN }

    /** A client committing small transactions, one at a time, each inserting a row of its own. */
    private final class Client implements Runnable {
        private final Thread thread = new Thread(this, "failover-client");
        private final AtomicInteger committedAfterRecovery = new AtomicInteger();
        private volatile boolean stopping;
        private volatile Throwable unexpected;

        @Override
        public void run() {
            try {
                while (!stopping) {
                    long id = ids.incrementAndGet();
                    long submitted = System.nanoTime();
                    CompletableFuture<Integer> insert = broker.transact(s -> {
                        s.update("INSERT INTO ledger (id) VALUES (?)", id);
                        s.first("SELECT pg_sleep(0.01)");
                        return 1;
                    });
                    try {
                        insert.get(60, TimeUnit.SECONDS);
                        outcomes.put(id, Outcome.COMMITTED);
                        if (recoveredAt.get() != 0 && submitted > recoveredAt.get()) {
                            committedAfterRecovery.incrementAndGet();
                        }
                    } catch (ExecutionException e) {
                        Throwable cause = e.getCause();
                        if (cause instanceof OutcomeUnknownException) {
                            outcomes.put(id, Outcome.OUTCOME_UNKNOWN);
                        } else if (cause instanceof ConnectionFailureException) {
                            outcomes.put(id, Outcome.CONNECTION_FAILURE);
                        } else {
                            throw new AssertionError("transaction " + id + " failed with neither a connection failure"
                                    + " nor an unknown outcome", cause);
                        }
                        if (recoveredAt.get() != 0 && submitted > recoveredAt.get()) {
                            throw new AssertionError("transaction " + id + ", submitted after the broker had"
                                    + " recovered, failed: a dead connection was handed out", cause);
                        }
                    }
                }
            } catch (Throwable t) {
                unexpected = t;
            }
        }
    }

    private final AtomicLong ids = new AtomicLong();
    private final AtomicLong recoveredAt = new AtomicLong();
    private final Map<Long, Outcome> outcomes = new ConcurrentHashMap<>();

    private DatabaseConfig config() {
        return DatabaseConfig.builder(pair.failoverUrl("postgres"))
                .user("postgres")
                .maxConnections(POOL)
                .borrowTimeout(Duration.ofSeconds(5))
                .driverProperty("connectTimeout", "2")
                .driverProperty("socketTimeout", "30")
                .driverProperty("hostRecheckSeconds", "1")
                .driverProperty("ApplicationName", "sasync_failover")
                .build();
    }

    @Test
    void theBrokerComesThroughAFailoverWithEveryAcknowledgedWrite() throws Exception {
        broker = new AccessBroker(new DefaultQueueFactory(Dialects.load()), config());
        await(broker.update("CREATE TABLE ledger (id BIGINT PRIMARY KEY)"));
        await(broker.update("CREATE TABLE idempotent (id BIGINT PRIMARY KEY)"));
        fillThePool();

        String dictId = "failover-" + UUID.randomUUID();
        List<Client> clients = new ArrayList<>();
        try (PutStream puts = PutStream.start(Stores.dict(broker, dictId))) {
            for (int i = 0; i < CLIENTS; i++) {
                Client client = new Client();
                clients.add(client);
                client.thread.start();
            }
            puts.awaitCommitted(300);
            awaitCommitted(30);
            CompletableFuture<Integer> stuck = broker.transact(s -> {
                s.update("INSERT INTO ledger (id) VALUES (-1)");
                s.first("SELECT pg_sleep(60)");
                return 1;
            });
            awaitSleeping();

            long killing = System.nanoTime();
            pair.primary().crash();
            long killed = System.nanoTime();
            // Submitted while no server is the primary: the first attempts fail to connect.
            long retriesBefore = broker.stats().retried();
            AtomicInteger retriedRuns = new AtomicInteger();
            CompletableFuture<Integer> retried = broker.transact(TransactOptions.DEFAULT
                    .withRetry(RetryPolicy.attempts(100)).withTimeout(RECOVERY_BOUND.multipliedBy(2)), s -> {
                        retriedRuns.incrementAndGet();
                        return s.update("INSERT INTO idempotent (id) VALUES (1) ON CONFLICT (id) DO NOTHING");
                    });
            assertInstanceOf(ConnectionFailureException.class, failure(stuck),
                    "the transaction the kill cut fails as not committed");
            pair.standby().promote();
            long promoted = System.nanoTime();

            long recovered = awaitFirstCommit(killing);
            recoveredAt.set(recovered);
            System.out.printf("%s: the broker committed on the new primary %d ms after the kill"
                            + " (the kill took %d ms, the promotion %d ms; %d ms after the promotion)%n",
                    getClass().getSimpleName(), ms(recovered - killing), ms(killed - killing), ms(promoted - killed),
                    ms(recovered - promoted));
            assertTrue(recovered - killing < RECOVERY_BOUND.toNanos(), "recovered within " + RECOVERY_BOUND);

            assertEquals(1, await(retried), "the retried transaction completes");
            long retries = broker.stats().retried() - retriesBefore;
            assertTrue(retries > 0, "it was tried again");
            System.out.printf("%s: the retried transaction took %d attempts, its work ran %d time(s)%n",
                    getClass().getSimpleName(), retries + 1, retriedRuns.get());

            for (Client client : clients) {
                awaitCommittedAfterRecovery(client);
            }
            puts.awaitIssued(puts.issued() + 300);
            puts.stop();
            stopAll(clients);
            puts.assertEveryPutCommitted();
            assertEveryPooledConnectionIsOnTheNewPrimary();

            try (Connection c = pair.standby().connect()) {
                assertFalse(PostgresStandbyPairTest.inRecovery(c), "the standby was promoted");
                assertLedger(c);
                assertEquals(1, count(c, "SELECT COUNT(*) FROM idempotent"), "the retried insert landed once");
                puts.assertHolds(PostgresSchema.stored(c, dictId), "every write behind on the new primary");
            }
            System.out.printf("%s: %d transactions: %s; %d dict puts, every one on the new primary%n",
                    getClass().getSimpleName(), outcomes.size(), tally(), puts.issued());
        } finally {
            stopAll(clients);
        }
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }

    /** Opens every pooled connection to the primary, so that the kill leaves them all dead in the pool. */
    private void fillThePool() throws Exception {
        List<CompletableFuture<Object>> holds = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            holds.add(broker.transact(s -> s.first("SELECT pg_sleep(0.2)")));
        }
        for (CompletableFuture<Object> hold : holds) {
            await(hold);
        }
        assertEquals(POOL, broker.queue().stats().poolIdle() + broker.queue().stats().poolActive());
    }

    private void awaitCommitted(int count) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (outcomes.values().stream().filter(o -> o == Outcome.COMMITTED).count() < count) {
            assertTrue(System.nanoTime() < deadline, "the clients did not commit " + count + " transactions in 60 s");
            Thread.sleep(5);
        }
    }

    private void awaitCommittedAfterRecovery(Client client) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (client.committedAfterRecovery.get() < AFTER) {
            if (client.unexpected != null) {
                fail("a client failed", client.unexpected);
            }
            assertTrue(System.nanoTime() < deadline, "a client did not commit " + AFTER + " transactions in 60 s");
            Thread.sleep(5);
        }
    }

    /** Waits until the long transaction sleeps on the primary, its insert made. */
    private void awaitSleeping() throws Exception {
        pair.primary().awaitCount("SELECT COUNT(*) FROM pg_stat_activity WHERE application_name = 'sasync_failover'"
                + " AND query LIKE '%pg_sleep(60)%' AND state = 'active'", "the long transaction sleeps");
    }

    /** @return when the broker first committed after the kill, probing every 20 ms */
    private long awaitFirstCommit(long since) throws Exception {
        while (true) {
            try {
                List<Row> rows = broker.sql("SELECT pg_is_in_recovery()").get(60, TimeUnit.SECONDS);
                assertFalse(rows.get(0).get(0, Boolean.class), "a transaction ran on a standby");
                return System.nanoTime();
            } catch (ExecutionException e) {
                assertInstanceOf(ConnectionFailureException.class, e.getCause());
            }
            assertTrue(System.nanoTime() - since < RECOVERY_BOUND.toNanos(),
                    "the broker did not commit within " + RECOVERY_BOUND + " of the kill");
            Thread.sleep(20);
        }
    }

    /** Borrows every pooled connection at once: each is on the new primary, none is dead. */
    private void assertEveryPooledConnectionIsOnTheNewPrimary() throws Exception {
        List<CompletableFuture<Row>> holds = new ArrayList<>();
        for (int i = 0; i < POOL; i++) {
            holds.add(broker.transact(s -> {
                s.first("SELECT pg_sleep(0.2)");
                return s.first("SELECT inet_server_port(), pg_is_in_recovery()").orElseThrow();
            }));
        }
        for (CompletableFuture<Row> hold : holds) {
            Row row = await(hold);
            assertEquals(pair.standby().port(), row.get(0, Integer.class), "a connection to the new primary");
            assertFalse(row.get(1, Boolean.class));
        }
    }

    private static void stopAll(List<Client> clients) throws InterruptedException {
        for (Client client : clients) {
            client.stopping = true;
        }
        for (Client client : clients) {
            client.thread.join(TimeUnit.SECONDS.toMillis(70));
            assertFalse(client.thread.isAlive(), "a client did not stop");
            if (client.unexpected != null) {
                fail("a client failed", client.unexpected);
            }
        }
    }

    /** Committed rows are all there, rows whose transaction failed to connect or lost it before the commit are not. */
    private void assertLedger(Connection c) throws Exception {
        Set<Long> stored = new HashSet<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id FROM ledger")) {
            while (rs.next()) {
                stored.add(rs.getLong(1));
            }
        }
        assertFalse(stored.contains(-1L), "the transaction cut by the kill left nothing");
        List<Long> missing = new ArrayList<>();
        List<Long> wrongFailures = new ArrayList<>();
        outcomes.forEach((id, outcome) -> {
            if (outcome == Outcome.COMMITTED && !stored.contains(id)) {
                missing.add(id);
            } else if (outcome == Outcome.CONNECTION_FAILURE && stored.contains(id)) {
                wrongFailures.add(id);
            }
        });
        assertEquals(List.of(), missing, "acknowledged commits missing on the new primary");
        assertEquals(List.of(), wrongFailures, "transactions reported not committed that did commit");
    }

    private static int count(Connection c, String sql) throws Exception {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private String tally() {
        Map<Outcome, Integer> tally = new java.util.EnumMap<>(Outcome.class);
        outcomes.values().forEach(o -> tally.merge(o, 1, Integer::sum));
        return tally.toString();
    }
}
