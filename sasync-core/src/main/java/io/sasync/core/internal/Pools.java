package io.sasync.core.internal;

import io.sasync.DatabaseConfig;
import io.sasync.DatabaseException;
import io.sasync.spi.Dialect;
import java.util.Map;
import java.util.Properties;
import org.apache.commons.dbcp2.BasicDataSource;
import org.apache.commons.dbcp2.BasicDataSourceFactory;

/**
 * Makes the DBCP2 pool of a queue. Settings come in three layers, each overriding the one
 * before: the library's defaults derived from the {@link DatabaseConfig}, the dialect's
 * {@link Dialect#poolDefaults()}, and the config's own pool properties.
 */
final class Pools {

    private Pools() {
    }

    static BasicDataSource create(DatabaseConfig config, Dialect dialect) {
        Properties p = new Properties();
        p.setProperty("url", config.url());
        config.user().ifPresent(user -> p.setProperty("username", user));
        config.password().ifPresent(password -> p.setProperty("password", password));
        p.setProperty("maxTotal", Integer.toString(config.maxConnections()));
        p.setProperty("maxIdle", Integer.toString(config.maxConnections()));
        p.setProperty("minIdle", "0");
        p.setProperty("maxWaitMillis", Long.toString(config.borrowTimeout().toMillis()));
        // The broker commits or rolls back every transaction itself.
        p.setProperty("defaultAutoCommit", "false");
        p.setProperty("rollbackOnReturn", "true");
        // Connections killed by the server are replaced rather than handed to a transaction.
        p.setProperty("testOnBorrow", "true");
        // The per-connection statement cache behind Session.prepared() and repeated queries.
        p.setProperty("poolPreparedStatements", "true");
        p.setProperty("maxOpenPreparedStatements", "64");
        p.setProperty("jmxName", "");
        p.putAll(dialect.poolDefaults());
        p.putAll(config.poolProperties());
        p.remove("jmxName");
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

    /** @return the pool's state, for messages: {@code active=…, idle=…, max=…} */
    static String describe(BasicDataSource ds) {
        return "active=" + ds.getNumActive() + ", idle=" + ds.getNumIdle() + ", max=" + ds.getMaxTotal();
    }
}
