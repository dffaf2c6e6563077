package io.sasync;

import io.sasync.spi.Dialect;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import javax.sql.DataSource;

/**
 * A priority queue of tasks run by worker threads, with the connection pool of one database.
 * Obtained from a {@link QueueFactory}; brokers on the same database share one.
 *
 * <p>Tasks run in the order described by {@link Priority}. The queue holds at most
 * {@link DatabaseConfig#maxPending()} waiting tasks; beyond that {@link #call} fails at once
 * with {@link OverloadException}.
 */
public interface TaskQueue {

    /**
     * Queues a task.
     *
     * @param priority when to run relative to other queued tasks
     * @param task     the task
     * @param <T>      its result type
     * @return completes with the task's result or exception; cancelling it before the task
     *         starts removes the task from the queue
     */
    <T> CompletableFuture<T> call(Priority priority, Callable<T> task);

    /** @return the pooled data source of the queue's database */
    DataSource dataSource();

    /** @return the dialect of the queue's database */
    Dialect dialect();

    /** @return the config the queue was made from */
    DatabaseConfig config();

    /** @return the number of worker threads */
    int workers();

    /** @return the number of tasks waiting to run (not counting those running) */
    int pending();

    /** @return what the queue and its pool are doing now: workers, tasks, connections */
    QueueStats stats();

    /** @return how many tasks wait in each priority band now (every band present, 0 when none) */
    Map<Priority.Band, Integer> pendingByBand();

    /**
     * @param listener told of every task and borrowed connection from now on
     */
    void addListener(QueueListener listener);

    /**
     * @param listener a listener to tell no more
     */
    void removeListener(QueueListener listener);

    /** @return whether the queue accepts tasks */
    boolean isRunning();

    /**
     * Stops accepting tasks, runs every task already queued, stops the workers and closes the
     * pool. Idempotent.
     *
     * @return completes when the workers have stopped and the pool is closed
     */
    CompletableFuture<Void> shutdown();
}
