package io.sasync.core.internal;

import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * The pool of a {@link PriorityTaskQueue}, as the queue uses it: connections, and what it says of
 * itself for {@link io.sasync.QueueStats}. {@link Pools} makes the DBCP2 one.
 */
interface ConnectionPool {

    /** @return where connections are borrowed */
    DataSource dataSource();

    /** @return connections borrowed now */
    int active();

    /** @return connections idle in the pool */
    int idle();

    /** @return the most connections open at once */
    int max();

    /** @return threads waiting for a connection */
    int waiting();

    /**
     * Closes the pool and its idle connections.
     *
     * @throws SQLException when a connection cannot be closed
     */
    void close() throws SQLException;
}
