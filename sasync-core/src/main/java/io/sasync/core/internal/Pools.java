package io.sasync.core.internal;

import io.sasync.DatabaseConfig;
import io.sasync.DatabaseException;
import io.sasync.spi.Dialect;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Map;
import java.util.Properties;
import javax.sql.DataSource;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.commons.dbcp2.BasicDataSourceFactory;
import org.apache.commons.pool2.impl.GenericObjectPool;

/**
 * Makes the DBCP2 pool of a queue. Settings come in three layers, each overriding the one
 * before: the library's defaults derived from the {@link DatabaseConfig}, the dialect's
 * {@link Dialect#poolDefaults()}, and the config's own pool properties.
 */
final class Pools {

    /** How long validating a borrowed connection may take before the connection is discarded. */
    static final Duration VALIDATION_TIMEOUT = Duration.ofSeconds(5);

    private Pools() {
    }

    /**
     * @param config  the database
     * @param dialect its dialect, for its pool defaults
     * @return the queue's pool
     * @throws DatabaseException when DBCP2 refuses a setting
     */
    static ConnectionPool create(DatabaseConfig config, Dialect dialect) {
        return config.dataSource().<ConnectionPool>map(Application::new)
                .orElseGet(() -> new Dbcp2(configure(config, dialect)));
    }

    /**
     * @return the DBCP2 data source, configured: the library's defaults, the dialect's, the
     *         config's pool properties, each overriding the one before
     */
    static BasicDataSource configure(DatabaseConfig config, Dialect dialect) {
        Properties p = new Properties();
        p.setProperty("url", config.url());
        config.user().ifPresent(user -> p.setProperty("username", user));
        config.password().ifPresent(password -> p.setProperty("password", password));
        p.setProperty("maxTotal", Integer.toString(config.maxConnections()));
        p.setProperty("maxIdle", Integer.toString(config.maxConnections()));
        p.setProperty("minIdle", "0");
        p.setProperty("maxWaitMillis", Long.toString(config.borrowTimeout().toMillis()));
        // Idle and validated connections stay in auto-commit, so no transaction is open when one is
        // borrowed (a transaction may then begin with SET TRANSACTION ...); each transaction turns
        // auto-commit off, and the pool turns it back on when the connection returns.
        p.setProperty("defaultAutoCommit", "true");
        p.setProperty("enableAutoCommitOnReturn", "true");
        p.setProperty("rollbackOnReturn", "true");
        // Connections killed by the server are replaced rather than handed to a transaction.
        p.setProperty("testOnBorrow", "true");
        // ... and a validation that gets no answer gives up instead of holding a worker forever.
        p.setProperty("validationQueryTimeout", Long.toString(VALIDATION_TIMEOUT.toSeconds()));
        // Session.prepared() keeps its statements on the physical connection (StatementCache).
        // DBCP2's own statement pool is left off: it asks the driver for the current schema on
        // every prepareStatement, a round trip on some databases, inside the user's transaction.
        p.setProperty("accessToUnderlyingConnectionAllowed", "true");
        p.putAll(dialect.poolDefaults());
        p.putAll(config.poolProperties());
        try {
            BasicDataSource ds = BasicDataSourceFactory.createDataSource(p);
            for (Map.Entry<String, String> e : config.driverProperties().entrySet()) {
                ds.addConnectionProperty(e.getKey(), e.getValue());
            }
            return ds;
        } catch (Exception e) {
            throw new DatabaseException("cannot configure the connection pool for " + config, e);
        }
    }

    /**
     * An application's own pool: borrowed from, never closed (the application owns it), and
     * silent about its state (its figures read -1).
     */
    private record Application(DataSource dataSource) implements ConnectionPool {
        @Override
        public int active() {
            return -1;
        }

        @Override
        public int idle() {
            return -1;
        }

        @Override
        public int max() {
            return -1;
        }

        @Override
        public int waiting() {
            return -1;
        }

        @Override
        public void close() {
        }
    }

    /** DBCP2's pool, as the queue uses it. */
    private record Dbcp2(BasicDataSource ds) implements ConnectionPool {
        @Override
        public DataSource dataSource() {
            return ds;
        }

        @Override
        public int active() {
            return ds.getNumActive();
        }

        @Override
        public int idle() {
            return ds.getNumIdle();
        }

        @Override
        public int max() {
            return ds.getMaxTotal();
        }

        @Override
        public int waiting() {
            GenericObjectPool<?> connections = ds.getConnectionPool();
            return connections == null ? 0 : connections.getNumWaiters();
        }

        @Override
        public void close() throws SQLException {
            ds.close();
        }
    }
}
