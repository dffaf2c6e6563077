package io.sasync;

import java.util.concurrent.CompletableFuture;

/**
 * Hands out {@link TaskQueue}s: one per distinct {@link DatabaseConfig}, reference counted, so
 * that brokers on one database share one queue and one pool. A queue shuts down when its last
 * user releases it.
 */
public interface QueueFactory {

    /**
     * The queue for a config, created on first request. Each call counts as one user until
     * {@link #release}.
     *
     * @param config the database
     * @return the shared queue of that config
     */
    TaskQueue queue(DatabaseConfig config);

    /**
     * Drops one use of a queue; the last release shuts it down (never the global queue).
     *
     * @param queue a queue obtained from {@link #queue}
     * @return completes when the queue is shut down, or at once when it is still in use
     */
    CompletableFuture<Void> release(TaskQueue queue);

    /**
     * Sets the process-wide default queue, used by brokers built without a config.
     *
     * @param config the database
     * @return the global queue
     * @throws IllegalStateException when a global queue with another config is already set
     */
    TaskQueue setGlobal(DatabaseConfig config);

    /** @return completes with the global queue once one is set */
    CompletableFuture<TaskQueue> global();

    /**
     * Removes a queue whatever its number of users and shuts it down. Has no effect on the
     * global queue (see {@link #setGlobal}), which keeps running: for it the returned future is
     * already complete.
     *
     * @param queue the queue
     * @return completes when it is shut down, or at once for the global queue
     */
    CompletableFuture<Void> kill(TaskQueue queue);
}
