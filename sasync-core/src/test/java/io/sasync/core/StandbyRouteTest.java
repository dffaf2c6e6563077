package io.sasync.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.BrokerShutdownException;
import io.sasync.DatabaseConfig;
import io.sasync.SqlRefusedException;
import io.sasync.TransactOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Where work marked {@link TransactOptions#onStandby()} runs, with two in-memory databases
 * standing for a primary and its standby: each holds a row naming itself.
 */
class StandbyRouteTest {

    private static final TransactOptions ON_STANDBY = TransactOptions.DEFAULT.onStandby();
    private static final String WHICH = "SELECT name FROM which_server";

    private DefaultQueueFactory factory;
    private final List<AccessBroker> brokers = new ArrayList<>();

    @BeforeEach
    void setUp() {
        factory = new DefaultQueueFactory(Dialects.load());
    }

    @AfterEach
    void tearDown() throws Exception {
        for (AccessBroker broker : brokers) {
            broker.shutdown().handle((v, e) -> null).get(30, SECONDS);
        }
    }

    private AccessBroker broker(DatabaseConfig config) {
        AccessBroker broker = new AccessBroker(factory, config);
        brokers.add(broker);
        return broker;
    }

    /** @return a database holding one row with its name */
    private DatabaseConfig server(String name) throws Exception {
        DatabaseConfig config = DatabaseConfig.builder("jdbc:h2:mem:" + name + "-" + UUID.randomUUID()).build();
        AccessBroker broker = broker(config);
        await(broker.update("CREATE TABLE which_server (name VARCHAR(20))"));
        await(broker.update("INSERT INTO which_server VALUES (?)", name));
        return config;
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(30, SECONDS);
    }

    private static Throwable failure(CompletionStage<?> stage) {
        return assertThrows(ExecutionException.class, () -> await(stage)).getCause();
    }

    private static String where(AccessBroker broker, TransactOptions options) throws Exception {
        return await(broker.transact(options, s -> s.first(WHICH).orElseThrow().get(0, String.class)));
    }

    @Test
    void onlyWorkMarkedForTheStandbyRunsThere() throws Exception {
        DatabaseConfig standby = server("standby");
        AccessBroker broker = broker(server("primary").toBuilder().standby(standby.url()).build());
        assertEquals("standby", where(broker, ON_STANDBY));
        assertEquals("primary", where(broker, TransactOptions.DEFAULT));
        assertEquals("primary", where(broker, TransactOptions.DEFAULT.readOnly()));
        assertEquals("standby", await(broker.transact(ON_STANDBY,
                s -> await(broker.transact(ON_STANDBY, inner -> inner.first(WHICH))).orElseThrow().get(0, String.class))),
                "a nested call runs inline on the standby");
    }

    @Test
    void withoutAStandbyTheWorkRunsOnThePrimary() throws Exception {
        assertEquals("primary", where(broker(server("primary")), ON_STANDBY));
    }

    @Test
    void aStandbyThatCannotBeReachedSendsTheWorkToThePrimary(@TempDir Path dir) throws Exception {
        String missing = "jdbc:h2:" + dir.resolve("missing") + ";IFEXISTS=TRUE";
        AccessBroker broker = broker(server("primary").toBuilder().standby(missing).build());
        assertEquals("primary", where(broker, ON_STANDBY));
        assertEquals("primary", where(broker, ON_STANDBY), "again, while the standby's broker waits to start again");
    }

    @Test
    void aFailureOfTheWorkItselfIsNotRunAgainOnThePrimary() throws Exception {
        DatabaseConfig standby = server("standby");
        AccessBroker broker = broker(server("primary").toBuilder().standby(standby.url()).build());
        AtomicInteger runs = new AtomicInteger();
        assertInstanceOf(SqlRefusedException.class, failure(broker.transact(ON_STANDBY, s -> {
            runs.incrementAndGet();
            return s.first("SELECT no_such_column FROM which_server");
        })));
        assertEquals(1, runs.get());
    }

    @Test
    void cancellingTheCallReachesItsRunOnTheStandby() throws Exception {
        DatabaseConfig standby = server("standby");
        AccessBroker broker = broker(server("primary").toBuilder().workers(1).standby(standby.url()).build());
        CountDownLatch holding = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Boolean> held = broker.transact(ON_STANDBY, s -> {
            holding.countDown();
            return release.await(30, SECONDS);
        });
        assertTrue(holding.await(30, SECONDS), "the standby's one worker is held");
        AtomicInteger runs = new AtomicInteger();
        CompletableFuture<Integer> waiting = broker.transact(ON_STANDBY, s -> runs.incrementAndGet());
        assertTrue(waiting.cancel(true));
        release.countDown();
        assertTrue(await(held));
        assertEquals("standby", where(broker, ON_STANDBY), "work queued after the cancelled call has run");
        assertEquals(0, runs.get(), "the cancelled call was taken off the standby's queue, and not run on the primary");
    }

    @Test
    void shutdownEndsTheStandbysBrokerToo() throws Exception {
        DatabaseConfig standby = server("standby");
        AccessBroker broker = broker(server("primary").toBuilder().standby(standby.url()).build());
        assertEquals("standby", where(broker, ON_STANDBY));
        assertSame(broker.shutdown(), broker.shutdown(), "shutdown is idempotent");
        await(broker.shutdown());
        assertInstanceOf(BrokerShutdownException.class, failure(broker.transact(ON_STANDBY, s -> s.first(WHICH))));
    }
}
