package io.sasync.core.internal;

import io.sasync.Isolation;
import io.sasync.TransactOptions;
import java.sql.Connection;
import java.sql.SQLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What a transaction sets on its pooled connection before it begins (isolation level, read-only)
 * and puts back once it has ended, so that the next transaction on the connection starts from
 * the pool's settings. Nothing is asked of the driver for a transaction that sets nothing.
 */
final class ConnectionSettings {

    private static final Logger LOG = LoggerFactory.getLogger(ConnectionSettings.class);

    private final Connection connection;
    /** The level to put back, or -1 when the level was left alone. */
    private int previousIsolation = -1;
    private boolean readOnly;

    ConnectionSettings(Connection connection) {
        this.connection = connection;
    }

    /**
     * Sets the options' level and read-only flag; call before the transaction begins.
     *
     * @throws SQLException when the driver refuses them
     */
    void apply(TransactOptions options) throws SQLException {
        Isolation isolation = options.isolation();
        if (isolation != Isolation.DEFAULT) {
            int current = connection.getTransactionIsolation();
            if (current != isolation.jdbcLevel()) {
                connection.setTransactionIsolation(isolation.jdbcLevel());
                previousIsolation = current;
            }
        }
        if (options.isReadOnly()) {
            connection.setReadOnly(true);
            readOnly = true;
        }
    }

    /**
     * Puts back what {@link #apply} changed; call once the transaction has ended. A connection
     * that refuses (a broken one) is left to the pool's validation.
     */
    void restore() {
        try {
            if (readOnly) {
                connection.setReadOnly(false);
            }
            if (previousIsolation != -1) {
                connection.setTransactionIsolation(previousIsolation);
            }
        } catch (SQLException e) {
            LOG.debug("restoring a connection's isolation or read-only flag failed", e);
        }
    }
}
