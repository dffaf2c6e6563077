package io.sasync.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.QueueFactory;
import io.sasync.TaskQueue;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the README's "Seeing the queue" says a user observes, on the queue a broker runs on. */
class QueueStateTest {

    private static final long WAIT_SECONDS = 10;

    private static DatabaseConfig oneWorker() {
        return DatabaseConfig.builder("jdbc:h2:mem:queue-state-" + UUID.randomUUID()).workers(1).build();
    }

    @Test
    @Timeout(60)
    void theSharedFactoryHandsOutTheBrokersQueueWhosePendingCountsWaitingTasksOnly() throws Exception {
        DatabaseConfig config = oneWorker();
        QueueFactory queues = DefaultQueueFactory.shared();
        try (AccessBroker broker = new AccessBroker(config)) {
            broker.whenRunning().get(WAIT_SECONDS, TimeUnit.SECONDS);
            TaskQueue queue = queues.queue(config);
            try {
                assertSame(queue, queues.queue(config), "one queue per config");
                queues.release(queue);
                assertEquals(1, queue.workers());
                assertEquals(0, queue.pending());

                CountDownLatch running = new CountDownLatch(1);
                CountDownLatch release = new CountDownLatch(1);
                CompletableFuture<Boolean> blocker = broker.deferToQueue(Priority.NORMAL, () -> {
                    running.countDown();
                    return release.await(WAIT_SECONDS, TimeUnit.SECONDS);
                });
                assertTrue(running.await(WAIT_SECONDS, TimeUnit.SECONDS), "the blocker runs");
                List<CompletableFuture<?>> waiting = new ArrayList<>();
                for (int i = 0; i < 3; i++) {
                    waiting.add(broker.sql("SELECT 1"));
                }
                assertEquals(3, queue.pending(), "three wait; the running task is not counted: " + queue);

                release.countDown();
                assertTrue(blocker.get(WAIT_SECONDS, TimeUnit.SECONDS));
                CompletableFuture.allOf(waiting.toArray(CompletableFuture[]::new)).get(WAIT_SECONDS, TimeUnit.SECONDS);
                assertEquals(0, queue.pending());
                assertTrue(queue.isRunning());
            } finally {
                queues.release(queue);
            }
            assertTrue(queue.isRunning(), "releasing our use leaves the broker's");
            broker.shutdown().get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertFalse(queue.isRunning(), "the last user gone, the queue is shut down");
        }
    }

    @Test
    @Timeout(60)
    void aUseNotReleasedKeepsTheQueueOpenAfterTheBrokerHasShutDown() throws Exception {
        DatabaseConfig config = oneWorker();
        QueueFactory queues = DefaultQueueFactory.shared();
        TaskQueue queue = queues.queue(config);
        try (AccessBroker broker = new AccessBroker(config)) {
            broker.sql("SELECT 1").get(WAIT_SECONDS, TimeUnit.SECONDS);
        }
        assertTrue(queue.isRunning(), "still one user: us");
        queues.release(queue).get(WAIT_SECONDS, TimeUnit.SECONDS);
        assertFalse(queue.isRunning());
    }
}
