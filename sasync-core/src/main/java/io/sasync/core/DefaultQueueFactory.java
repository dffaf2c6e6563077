package io.sasync.core;

import io.sasync.DatabaseConfig;
import io.sasync.QueueFactory;
import io.sasync.TaskQueue;
import io.sasync.core.internal.PriorityTaskQueue;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The default {@link QueueFactory}: one {@link TaskQueue} per distinct {@link DatabaseConfig},
 * counted by users. Brokers built without a factory use {@link #shared()}, so every broker of the
 * process on one database shares one queue and one pool.
 *
 * <p>Thread-safe. Queues are created on first request; creating one starts its worker threads
 * but opens no connection until a task needs one.
 */
public final class DefaultQueueFactory implements QueueFactory {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultQueueFactory.class);

    private static final class Shared {
        static final DefaultQueueFactory INSTANCE = new DefaultQueueFactory(Dialects.load());
    }

    private static final class Entry {
        final PriorityTaskQueue queue;
        int users;

        Entry(PriorityTaskQueue queue) {
            this.queue = queue;
        }
    }

    private final Dialects dialects;
    private final Map<DatabaseConfig, Entry> queues = new HashMap<>();
    private final CompletableFuture<TaskQueue> global = new CompletableFuture<>();
    private TaskQueue globalQueue;

    /**
     * A factory of its own, with its own queues.
     *
     * @param dialects the dialects to choose from
     */
    public DefaultQueueFactory(Dialects dialects) {
        this.dialects = Objects.requireNonNull(dialects, "dialects");
    }

    /**
     * The process-wide factory, with the dialects found by {@link Dialects#load()}: what
     * {@code new AccessBroker(config)} and {@code new SAsyncModule(config)} use, so that every
     * broker of the process on one database shares one queue and one pool, and what holds the
     * global queue of {@link #setGlobal}. It is the library's one process-wide registry, on
     * purpose; code that wants queues of its own (tests, several independent components in one
     * process) makes a factory of its own and passes it ({@code new AccessBroker(factory, config)},
     * {@link SAsyncModule#withQueueFactory}).
     *
     * @return the process-wide factory
     */
    public static DefaultQueueFactory shared() {
        return Shared.INSTANCE;
    }

    /** @return the dialects this factory chooses from */
    public Dialects dialects() {
        return dialects;
    }

    @Override
    public synchronized TaskQueue queue(DatabaseConfig config) {
        Objects.requireNonNull(config, "config");
        Entry entry = queues.get(config);
        if (entry == null || !entry.queue.isRunning()) {
            entry = new Entry(PriorityTaskQueue.start(config, dialects.forConfig(config)));
            queues.put(config, entry);
        }
        entry.users++;
        return entry.queue;
    }

    @Override
    public CompletableFuture<Void> release(TaskQueue queue) {
        synchronized (this) {
            Entry entry = queues.get(queue.config());
            if (entry == null || entry.queue != queue || --entry.users > 0 || queue == globalQueue) {
                return CompletableFuture.completedFuture(null);
            }
            queues.remove(queue.config());
        }
        return queue.shutdown();
    }

    @Override
    public synchronized TaskQueue setGlobal(DatabaseConfig config) {
        Objects.requireNonNull(config, "config");
        if (globalQueue != null) {
            if (!globalQueue.config().equals(config)) {
                throw new IllegalStateException("the global queue is already set, for " + globalQueue.config());
            }
            return globalQueue;
        }
        globalQueue = queue(config);
        global.complete(globalQueue);
        return globalQueue;
    }

    @Override
    public CompletableFuture<TaskQueue> global() {
        return global.copy();
    }

    @Override
    public CompletableFuture<Void> kill(TaskQueue queue) {
        synchronized (this) {
            if (queue == globalQueue) {
                LOG.debug("kill({}) has no effect: it is the global queue", queue);
                return CompletableFuture.completedFuture(null);
            }
            Entry entry = queues.get(queue.config());
            if (entry != null && entry.queue == queue) {
                queues.remove(queue.config());
            }
        }
        return queue.shutdown();
    }

    @Override
    public synchronized String toString() {
        return "DefaultQueueFactory{queues=" + queues.size() + ", global=" + (globalQueue != null) + "}";
    }
}
