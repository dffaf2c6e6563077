package io.sasync.core.internal;

import io.sasync.Priority;

/**
 * The ordering key of a queued task: {@code serial + A × ((niceness + 20) / 10)²}, computed
 * exactly as {@code serial + A × (niceness + 20)² / 100}.
 *
 * <p>Adding the priority offset to the submission serial (rather than multiplying the serial,
 * as the original AsynQueue did) bounds how far any task can be overtaken: a task's key is
 * fixed when it is submitted, and every later submission gets a larger serial, so after at most
 * {@code 16A} further submissions nothing new can go ahead of it.
 */
final class QueueOrder {

    private QueueOrder() {
    }

    /**
     * @param serial      the task's submission number
     * @param priority    its priority
     * @param agingWindow the queue's aging window {@code A}
     * @return the ordering key among tasks of kind {@link Priority.Kind#NICENESS}; for
     *         {@code NEXT} and {@code LAST} the serial alone (they order among themselves by
     *         submission)
     */
    static long key(long serial, Priority priority, int agingWindow) {
        if (priority.kind() != Priority.Kind.NICENESS) {
            return serial;
        }
        long shifted = priority.niceness() - Priority.MIN_NICENESS;
        return serial + (long) agingWindow * shifted * shifted / 100;
    }
}
