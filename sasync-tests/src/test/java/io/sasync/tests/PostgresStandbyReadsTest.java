package io.sasync.tests;

import static io.sasync.tests.Waits.await;
import static io.sasync.tests.Waits.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.BrokerShutdownException;
import io.sasync.DatabaseConfig;
import io.sasync.Row;
import io.sasync.SqlRefusedException;
import io.sasync.TransactOptions;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Read-only work on a standby, on a primary and a streaming standby of the test's own: work
 * marked {@link TransactOptions#onStandby()} runs on the standby ({@code pg_is_in_recovery()} is
 * true there), everything else on the primary, and a standby that goes away sends the work to
 * the primary.
 */
class PostgresStandbyReadsTest {

    private static final TransactOptions ON_STANDBY = TransactOptions.DEFAULT.onStandby();
    private static final String WHERE = "SELECT pg_is_in_recovery(), inet_server_port()";

    private static OwnedStandbyPair pair;

    private AccessBroker broker;

    @BeforeAll
    static void createPair() throws Exception {
        pair = OwnedStandbyPair.create();
        pair.primary().execute("CREATE TABLE seen (id INTEGER PRIMARY KEY)");
    }

    @AfterAll
    static void removePair() {
        if (pair != null) {
            pair.close();
        }
    }

    @BeforeEach
    void open() {
        broker = new AccessBroker(new DefaultQueueFactory(Dialects.load()),
                DatabaseConfig.builder(pair.failoverUrl("postgres"))
                        .standby(pair.standby().jdbcUrl())
                        .user("postgres")
                        .maxConnections(2)
                        .borrowTimeout(Duration.ofSeconds(5))
                        .driverProperty("connectTimeout", "2")
                        .build());
    }

    @AfterEach
    void close() throws Exception {
        Waits.shutDown(broker);
    }

    @Test
    void workMarkedForTheStandbyRunsThereAndEverythingElseOnThePrimary() throws Exception {
        Row standby = await(broker.transact(ON_STANDBY, s -> s.first(WHERE).orElseThrow()));
        assertTrue(standby.get(0, Boolean.class), "on the standby, in recovery");
        assertEquals(pair.standby().port(), standby.get(1, Integer.class));

        Row readOnly = await(broker.transact(TransactOptions.DEFAULT.readOnly(), s -> s.first(WHERE).orElseThrow()));
        assertFalse(readOnly.get(0, Boolean.class), "read-only work not marked for the standby runs on the primary");
        Row plain = await(broker.transact(s -> s.first(WHERE).orElseThrow()));
        assertFalse(plain.get(0, Boolean.class));
        assertEquals(pair.primary().port(), plain.get(1, Integer.class));

        assertEquals(1, await(broker.update("INSERT INTO seen VALUES (1)")), "writes run on the primary");
        SqlRefusedException refused = assertInstanceOf(SqlRefusedException.class,
                failure(broker.transact(ON_STANDBY, s -> s.update("INSERT INTO seen VALUES (2)"))));
        assertEquals(Optional.of("25006"), refused.sqlState(), "a write in work marked for the standby is refused");

        Row nested = await(broker.transact(ON_STANDBY, s -> await(broker.transact(inner -> inner.first(WHERE)))
                .orElseThrow()));
        assertTrue(nested.get(0, Boolean.class), "a nested call runs inline, on the standby");
    }

    @Test
    void withRemoteApplyAStandbyReadSeesTheCommitBeforeIt() throws Exception {
        pair.primary().execute("ALTER SYSTEM SET synchronous_commit = 'remote_apply'");
        pair.primary().execute("SELECT pg_reload_conf()");
        try {
            for (int id = 100; id < 150; id++) {
                assertEquals(1, await(broker.update("INSERT INTO seen VALUES (?)", id)));
                int written = id;
                Row read = await(broker.transact(ON_STANDBY, s -> s.first(
                        "SELECT pg_is_in_recovery(), COUNT(*) FROM seen WHERE id = ?", written).orElseThrow()));
                assertTrue(read.get(0, Boolean.class));
                assertEquals(1L, read.get(1, Long.class), "the standby has applied commit " + id);
            }
        } finally {
            pair.primary().execute("ALTER SYSTEM RESET synchronous_commit");
            pair.primary().execute("SELECT pg_reload_conf()");
        }
    }

    @Test
    void aStandbyThatGoesAwaySendsTheWorkToThePrimaryUntilItIsBack() throws Exception {
        assertTrue(await(broker.transact(ON_STANDBY, s -> s.first(WHERE).orElseThrow())).get(0, Boolean.class));
        pair.primary().synchronousStandby(null); // or the primary's commits would wait for it
        pair.standby().stop();
        try {
            for (int i = 0; i < 5; i++) {
                Row row = await(broker.transact(ON_STANDBY, s -> s.first(WHERE).orElseThrow()));
                assertFalse(row.get(0, Boolean.class), "with the standby gone the work runs on the primary");
                assertEquals(pair.primary().port(), row.get(1, Integer.class));
            }
        } finally {
            pair.standby().start();
            pair.primary().synchronousStandby(OwnedStandbyPair.STANDBY_NAME);
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!await(broker.transact(ON_STANDBY, s -> s.first(WHERE).orElseThrow())).get(0, Boolean.class)) {
            assertTrue(System.nanoTime() < deadline, "the work did not go back to the standby within 30 s");
            Thread.sleep(50);
        }
    }

    @Test
    void shutdownClosesTheStandbysBrokerToo() throws Exception {
        await(broker.transact(ON_STANDBY, s -> s.first(WHERE)));
        await(broker.shutdown());
        assertInstanceOf(BrokerShutdownException.class, failure(broker.transact(ON_STANDBY, s -> s.first(WHERE))));
        // A closed connection's backend leaves pg_stat_activity when it has exited, moments later.
        pair.standby().awaitCount("SELECT COUNT(*) FROM (SELECT 1 WHERE NOT EXISTS (SELECT 1 FROM pg_stat_activity"
                + " WHERE backend_type = 'client backend' AND application_name <> 'owned-cluster-admin')) none",
                "no connection to the standby is left");
    }
}
