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
     * @return a connection of the queue's pool, the time taken told to the queue's listeners; a
     *         worker gives back the connection it kept first, so that it never holds two
     * @throws SQLException when none can be had
     */
    Connection borrow() throws SQLException;

    /**
     * @param trust whether a connection the calling worker kept from a transaction that ended
     *              moments ago may be handed out without validation
     * @return the connection for one transaction: the calling worker's kept one, or one of the pool
     * @throws SQLException when none can be had
     */
    KeptConnection.Lease lease(boolean trust) throws SQLException;

    /**
     * @param queue a queue
     * @param trust whether a worker's recently used connection may be handed out unvalidated
     * @return the connection for one transaction on the queue
     * @throws SQLException when none can be had
     */
    static KeptConnection.Lease lease(TaskQueue queue, boolean trust) throws SQLException {
        return queue instanceof QueueResources resources ? resources.lease(trust)
                : KeptConnection.Lease.once(queue.dataSource().getConnection());
    }

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
