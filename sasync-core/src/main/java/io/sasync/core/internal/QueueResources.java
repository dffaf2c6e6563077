package io.sasync.core.internal;

import io.sasync.TaskQueue;
import java.sql.Connection;
import java.sql.SQLException;

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
     * @return a connection of the queue's pool, the time taken told to the queue's listeners
     * @throws SQLException when none can be had
     */
    Connection borrow() throws SQLException;

    /**
     * @param queue a queue
     * @return a connection of its pool
     * @throws SQLException when none can be had
     */
    static Connection borrow(TaskQueue queue) throws SQLException {
        return queue instanceof QueueResources resources ? resources.borrow() : queue.dataSource().getConnection();
    }

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
