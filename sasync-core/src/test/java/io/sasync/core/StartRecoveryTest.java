package io.sasync.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.DatabaseConfig;
import io.sasync.DatabaseException;
import io.sasync.NoDialectException;
import io.sasync.QueueFactory;
import io.sasync.Session;
import io.sasync.TaskQueue;
import io.sasync.spi.SqlStates;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A broker whose start failed for want of its database starts again once the database is there. */
class StartRecoveryTest {

    private final DefaultQueueFactory factory = new DefaultQueueFactory(Dialects.load());

    @Test
    void aBrokerStartedBeforeItsDatabaseExistsServesItOnceItDoes(@TempDir Path dir) throws Exception {
        String database = "jdbc:h2:file:" + dir.resolve("late");
        AtomicInteger startups = new AtomicInteger();
        AtomicInteger firsts = new AtomicInteger();
        AccessBroker broker = new AccessBroker(factory, DatabaseConfig.of(database + ";IFEXISTS=TRUE")) {
            @Override
            protected CompletionStage<?> startup() {
                startups.incrementAndGet();
                return super.startup();
            }

            @Override
            protected void first(Session session) {
                firsts.incrementAndGet();
            }
        };
        try {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> broker.sql("SELECT 1").get(30, SECONDS));
            DatabaseException e = assertInstanceOf(DatabaseException.class, failed.getCause());
            assertTrue(SqlStates.has(e, "90146"), "the cause is the database that is not there: " + e);
            assertTrue(e.getMessage().contains("starts again"), e.getMessage());

            try (Connection c = DriverManager.getConnection(database); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE greeting (text VARCHAR(10))");
                s.execute("INSERT INTO greeting VALUES ('hello')");
            }

            assertEquals("hello", eventually(broker, () -> broker.sql("SELECT text FROM greeting"))
                    .get(0).get("text", String.class));
            assertTrue(startups.get() >= 2, "start-up ran again: " + startups);
            assertEquals(1, firsts.get(), "the first transaction committed once, on the start that succeeded");
            assertTrue(broker.isRunning());
        } finally {
            broker.shutdown().get(30, SECONDS);
        }
    }

    /** Calls until the broker answers: a failed start is tried again only after its backoff. */
    private static <T> T eventually(AccessBroker broker, java.util.function.Supplier<CompletableFuture<T>> call)
            throws Exception {
        long deadline = System.nanoTime() + SECONDS.toNanos(30);
        while (true) {
            try {
                return call.get().get(30, SECONDS);
            } catch (ExecutionException e) {
                assertInstanceOf(DatabaseException.class, e.getCause(), "only the start fails meanwhile");
                if (System.nanoTime() - deadline > 0) {
                    fail(broker + " did not start again within 30 s", e.getCause());
                }
                Thread.sleep(20);
            }
        }
    }

    @Test
    void aBrokerWithoutADialectFailsForGoodAndNeverTriesAgain() throws Exception {
        AtomicInteger queues = new AtomicInteger();
        QueueFactory counting = new QueueFactory() {
            @Override
            public TaskQueue queue(DatabaseConfig config) {
                queues.incrementAndGet();
                return factory.queue(config);
            }

            @Override
            public CompletableFuture<Void> release(TaskQueue queue) {
                return factory.release(queue);
            }

            @Override
            public TaskQueue setGlobal(DatabaseConfig config) {
                return factory.setGlobal(config);
            }

            @Override
            public CompletableFuture<TaskQueue> global() {
                return factory.global();
            }

            @Override
            public CompletableFuture<Void> kill(TaskQueue queue) {
                return factory.kill(queue);
            }
        };
        AccessBroker broker = new AccessBroker(counting, DatabaseConfig.of("jdbc:nosuchdatabase:x"));
        for (int i = 0; i < 3; i++) {
            ExecutionException failed = assertThrows(ExecutionException.class, () -> broker.sql("SELECT 1").get(30, SECONDS));
            assertInstanceOf(NoDialectException.class, failed.getCause().getCause());
            Thread.sleep(150); // longer than the first wait before a failed start may be tried again (100 ms at most)
        }
        assertEquals(1, queues.get(), "no queue can be made for the config: the broker does not try again");
        broker.shutdown().get(30, SECONDS);
    }
}
