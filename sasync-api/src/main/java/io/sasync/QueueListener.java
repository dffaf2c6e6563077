package io.sasync;

import java.time.Duration;

/**
 * Told what a {@link TaskQueue} does with each task and connection, for timers a monitoring
 * system keeps (the metrics binding of {@code sasync-micrometer} is one). Registered with
 * {@link TaskQueue#addListener}; it hears the tasks of every broker sharing the queue. Its
 * methods run on the queue's workers, around each task: they must be quick and must not block;
 * one that throws is ignored.
 */
public interface QueueListener {

    /**
     * A worker has taken a task.
     *
     * @param band   the task's priority band
     * @param waited how long it waited in the queue
     */
    default void taskStarted(Priority.Band band, Duration waited) {
    }

    /**
     * A task has ended.
     *
     * @param band the task's priority band
     * @param ran  how long it ran
     */
    default void taskFinished(Priority.Band band, Duration ran) {
    }

    /**
     * The queue refused a task because {@link DatabaseConfig#maxPending()} tasks wait already
     * (the caller got an {@link OverloadException}).
     *
     * @param band the task's priority band
     */
    default void taskRefused(Priority.Band band) {
    }

    /**
     * A transaction has borrowed a connection from the pool. A transaction on the connection its
     * worker kept from the previous one borrows nothing and is not told.
     *
     * @param took how long borrowing it from the pool took (validation included)
     */
    default void connectionBorrowed(Duration took) {
    }
}
