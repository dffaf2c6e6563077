package io.sasync.tests;

import static io.sasync.tests.Waits.await;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.store.PersistentDict;
import io.sasync.persistence.Stores;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Write-behind while the server keeps ending the dict's connections ({@code pg_terminate_backend},
 * as an administrator or a connection-limiting proxy does; PostgreSQL reports it as SQL state
 * {@code 57P01}): no put fails, and every value is in the database afterwards. Runs on the shared
 * server, in a schema of its own, and ends only the backends opened under its own
 * {@code ApplicationName}.
 */
class PostgresWriteBehindTerminateTest {

    /** Puts issued while the connections are being ended, at least: a few seconds' worth. */
    private static final int PUTS = 4000;
    /** The pause between two rounds of ending every connection of the dict's pool. */
    private static final Duration BETWEEN_KILLS = Duration.ofMillis(20);
    /**
     * Connections ended, at least: the puts go on until so many were, however fast the machine
     * issues them (on a quiet one, {@value #PUTS} puts take fewer rounds than that).
     */
    private static final int MIN_TERMINATED = 10;

    private final String application = LoadSupport.unique("sasync_wb_terminate");
    private PostgresSchema schema;
    private DefaultQueueFactory factory;
    private AccessBroker broker;

    @BeforeEach
    void open() throws Exception {
        TestPostgres.assumeAvailable();
        schema = new PostgresSchema();
        factory = new DefaultQueueFactory(Dialects.load());
        broker = new AccessBroker(factory, schema.config(TestPostgres.url())
                .maxConnections(2)
                .borrowTimeout(Duration.ofSeconds(5))
                .driverProperty("ApplicationName", application)
                .driverProperty("connectTimeout", "5")
                .driverProperty("socketTimeout", "30")
                .build());
    }

    @AfterEach
    void close() throws Exception {
        if (schema == null) {
            return;
        }
        try {
            broker.shutdown().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            System.err.println("broker of " + application + " did not shut down within 60 s");
        } finally {
            schema.close();
        }
    }

    @Test
    void writesBehindSurviveTheServerEndingTheirConnections() throws Exception {
        String id = LoadSupport.unique("terminated");
        PersistentDict<String, Object> dict = Stores.dict(broker, id);
        int terminated = 0;
        int rounds = 0;
        try (PutStream puts = PutStream.start(dict);
             Connection admin = LoadSupport.direct();
             PreparedStatement kill = admin.prepareStatement("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                     + " WHERE application_name = ? AND pid <> pg_backend_pid()")) {
            kill.setString(1, application);
            puts.awaitCommitted(1); // the store's table exists and the pool is open
            long deadline = System.nanoTime() + PutStream.WAIT.toNanos();
            while (puts.issued() < PUTS || terminated < MIN_TERMINATED) {
                if (System.nanoTime() > deadline) {
                    fail("only " + puts.issued() + " puts issued and " + terminated + " connections ended in "
                            + PutStream.WAIT.toSeconds() + " s");
                }
                try (ResultSet rs = kill.executeQuery()) {
                    while (rs.next()) {
                        terminated += rs.getBoolean(1) ? 1 : 0;
                    }
                }
                rounds++;
                Thread.sleep(BETWEEN_KILLS.toMillis());
            }
            puts.stop();
            System.out.printf("%s: %d puts in %d ms, %d connections ended in %d rounds%n", getClass().getSimpleName(),
                    puts.issued(), puts.duration().toMillis(), terminated, rounds);
            puts.assertEveryPutCommitted();

            puts.assertHolds(schema.stored(id), "read with plain SQL");
            AccessBroker fresh = new AccessBroker(new DefaultQueueFactory(Dialects.load()),
                    schema.config(TestPostgres.url()).build());
            try {
                puts.assertHolds(await(Stores.dict(fresh, id).copy()), "read through a fresh dict");
            } finally {
                fresh.shutdown().handle((v, e) -> null).get(60, TimeUnit.SECONDS);
            }
        }
    }
}
