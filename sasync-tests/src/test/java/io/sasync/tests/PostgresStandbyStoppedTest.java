package io.sasync.tests;

import static io.sasync.tests.Waits.await;
import static io.sasync.tests.Waits.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import io.sasync.TransactOptions;
import io.sasync.TransactionTimeoutException;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The synchronous standby stops while the primary runs. PostgreSQL does not degrade by itself:
 * a commit waits ({@code wait_event = 'SyncRep'}) until the standby is back, or until the
 * operator clears {@code synchronous_standby_names}; reads go on meanwhile. The broker follows
 * the server: its future completes when the commit does.
 */
class PostgresStandbyStoppedTest {

    private static OwnedStandbyPair pair;

    private AccessBroker broker;

    @BeforeAll
    static void createPair() throws Exception {
        pair = OwnedStandbyPair.create();
        try (Connection c = pair.primary().connect(); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE written (id INTEGER PRIMARY KEY)");
        }
    }

    @AfterAll
    static void removePair() {
        if (pair != null) {
            pair.close();
        }
    }

    /** Each test starts with the standby streaming and synchronous. */
    @BeforeEach
    void synchronous() throws Exception {
        pair.primary().synchronousStandby(OwnedStandbyPair.STANDBY_NAME);
        pair.primary().awaitReplication(OwnedStandbyPair.STANDBY_NAME, "sync", OwnedStandbyPair.REPLICATION_TIMEOUT);
        broker = new AccessBroker(new DefaultQueueFactory(Dialects.load()),
                DatabaseConfig.builder(pair.failoverUrl("postgres"))
                        .user("postgres")
                        .maxConnections(3)
                        .borrowTimeout(Duration.ofSeconds(5))
                        .driverProperty("connectTimeout", "2")
                        .driverProperty("ApplicationName", "sasync_standby_stopped")
                        .build());
        await(broker.whenRunning());
    }

    @AfterEach
    void restoreStandby() throws Exception {
        Waits.shutDown(broker);
        if (!isRunning(pair.standby())) {
            pair.standby().start();
        }
    }

    @Test
    void aCommitWaitsForTheStoppedStandbyAndCompletesWhenItIsBack() throws Exception {
        pair.standby().stop();
        CompletableFuture<Integer> write = broker.update("INSERT INTO written VALUES (1)");
        awaitWaitingForTheStandby();
        assertFalse(write.isDone(), "the commit waits for the standby");
        assertEquals(0L, await(broker.sql("SELECT COUNT(*) FROM written WHERE id = 1")).get(0).get(0, Long.class),
                "reads go on, and do not see the waiting commit");

        pair.standby().start();

        assertEquals(1, await(write), "the commit completes once the standby has it");
        awaitRow(pair.standby(), 1);
    }

    @Test
    void clearingSynchronousStandbyNamesReleasesTheWaitingCommitAndLaterOnes() throws Exception {
        pair.standby().stop();
        CompletableFuture<Integer> write = broker.update("INSERT INTO written VALUES (2)");
        awaitWaitingForTheStandby();

        pair.primary().synchronousStandby(null);

        assertEquals(1, await(write), "the waiting commit completes");
        assertEquals(1, await(broker.update("INSERT INTO written VALUES (3)")), "later commits do not wait");
    }

    @Test
    void aTimeoutWhileTheCommitWaitsIsReportedThoughTheCommitLandsWhenTheStandbyIsBack() throws Exception {
        pair.standby().stop();
        CompletableFuture<Integer> write = broker.transact(TransactOptions.DEFAULT.withTimeout(Duration.ofSeconds(2)),
                s -> s.update("INSERT INTO written VALUES (4)"));
        assertInstanceOf(TransactionTimeoutException.class, failure(write));
        awaitWaitingForTheStandby(); // a commit is not a statement: there is nothing to cancel

        pair.standby().start();

        awaitRow(pair.primary(), 4); // reported timed out, committed once the standby had it
    }

    /** Waits until a session of the broker waits for the standby to confirm a commit. */
    private static void awaitWaitingForTheStandby() throws Exception {
        pair.primary().awaitCount("SELECT COUNT(*) FROM pg_stat_activity"
                + " WHERE application_name = 'sasync_standby_stopped' AND wait_event = 'SyncRep'",
                "a commit waits for the standby");
    }

    /** Waits until a server shows the row: a standby replays after it confirms. */
    private static void awaitRow(OwnedPostgresCluster server, int id) throws Exception {
        server.awaitCount("SELECT COUNT(*) FROM written WHERE id = ?", "row " + id + " shows", id);
    }

    private static boolean isRunning(OwnedPostgresCluster cluster) {
        try (Connection c = cluster.connect()) {
            return c.isValid(5);
        } catch (Exception e) {
            return false;
        }
    }
}
