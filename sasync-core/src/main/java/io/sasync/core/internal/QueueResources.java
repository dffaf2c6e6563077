package io.sasync.core.internal;

import io.sasync.TaskQueue;

/**
 * What the core's own queue keeps per database beside its {@link TaskQueue} API: the statements
 * prepared on its pooled connections, and the lock under which table creations take turns. A
 * queue of another kind (from a user's {@link io.sasync.QueueFactory}) has neither: its
 * transactions prepare their statements anew, and its table creations take turns on the queue.
 */
public interface QueueResources {

    /** @return the statements kept per pooled connection */
    StatementCache statements();

    /** @return what table creations on this database lock, one at a time */
    Object ddlLock();

    /**
     * @param queue a queue
     * @return its statement cache, or {@code null} when it keeps none
     */
    static StatementCache statementsOf(TaskQueue queue) {
        return queue instanceof QueueResources resources ? resources.statements() : null;
    }

    /**
     * @param queue a queue
     * @return what its table creations lock
     */
    static Object ddlLockOf(TaskQueue queue) {
        return queue instanceof QueueResources resources ? resources.ddlLock() : queue;
    }
}
