package io.sasync.core;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import io.sasync.NoDialectException;
import io.sasync.TaskQueue;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class DefaultQueueFactoryTest {

    private final DefaultQueueFactory factory = new DefaultQueueFactory(Dialects.load());

    @Test
    void equalConfigsShareOneQueueUntilTheLastUserReleasesIt() throws Exception {
        DatabaseConfig config = H2.database().build();
        TaskQueue a = factory.queue(config);
        TaskQueue b = factory.queue(config.toBuilder().build());
        assertSame(a, b);
        assertNotSame(a, factory.queue(config.toBuilder().maxConnections(3).build()));
        factory.release(a).get(30, SECONDS);
        assertTrue(a.isRunning());
        factory.release(b).get(30, SECONDS);
        assertFalse(a.isRunning());
        TaskQueue fresh = factory.queue(config);
        assertNotSame(a, fresh, "a closed queue is replaced, not handed out again");
        factory.kill(fresh).get(30, SECONDS);
    }

    @Test
    void theGlobalQueueServesBrokersWithoutAConfigAndKillingItHasNoEffect() throws Exception {
        CompletableFuture<TaskQueue> global = factory.global();
        assertFalse(global.isDone(), "global() completes once a global queue is set");
        AccessBroker broker = new AccessBroker(factory, null);
        CompletableFuture<Integer> early = broker.transact(s -> s.query("SELECT 1").size());
        assertThrows(IllegalStateException.class, broker::dialect, "no global queue yet");
        DatabaseConfig config = H2.database().build();
        TaskQueue queue = factory.setGlobal(config);
        assertSame(queue, global.get(30, SECONDS));
        assertSame(queue, factory.setGlobal(config), "setting the same config again is harmless");
        assertThrows(IllegalStateException.class, () -> factory.setGlobal(H2.database().build()));
        assertEquals(1, early.get(30, SECONDS), "work submitted before the global queue was set runs on it");
        assertEquals("h2", broker.dialect().name());
        CompletableFuture<Void> killed = factory.kill(queue);
        assertTrue(killed.isDone() && !killed.isCompletedExceptionally(), "killing the global queue has no effect");
        assertTrue(queue.isRunning());
        assertSame(queue, factory.global().get(30, SECONDS));
        assertEquals(1, broker.transact(s -> s.query("SELECT 1").size()).get(30, SECONDS));
        broker.shutdown().get(30, SECONDS);
        assertTrue(queue.isRunning(), "the global queue outlives its brokers");
        queue.shutdown().get(30, SECONDS);
    }

    @Test
    void killShutsAQueueDownWhateverItsUsers() throws Exception {
        DatabaseConfig config = H2.database().build();
        TaskQueue queue = factory.queue(config);
        factory.queue(config);
        factory.kill(queue).get(30, SECONDS);
        assertFalse(queue.isRunning());
    }

    @Test
    void aConfigWithoutDialectFailsClearly() {
        NoDialectException e = assertThrows(NoDialectException.class,
                () -> factory.queue(DatabaseConfig.of("jdbc:nosuchdb://host/db")));
        assertTrue(e.getMessage().contains("jdbc:nosuchdb://host/db"), e.getMessage());
    }
}
