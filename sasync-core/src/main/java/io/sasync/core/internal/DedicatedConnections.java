package io.sasync.core.internal;

import io.sasync.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.Properties;
import javax.sql.DataSource;

/**
 * Opens connections outside the pool, for callers that hold one open for long (a listener of
 * change notifications): from the driver, with the config's user, password and driver
 * properties, or from the application's own data source when the config has one.
 */
public final class DedicatedConnections {

    private DedicatedConnections() {
    }

    /**
     * @param config the database's config
     * @return a new connection, in auto-commit mode; the caller closes it
     * @throws SQLException when it cannot be opened (the message never holds the password)
     */
    public static Connection open(DatabaseConfig config) throws SQLException {
        Optional<DataSource> dataSource = config.dataSource();
        if (dataSource.isPresent()) {
            return dataSource.get().getConnection();
        }
        Properties properties = new Properties();
        properties.putAll(config.driverProperties());
        config.user().ifPresent(user -> properties.setProperty("user", user));
        config.password().ifPresent(password -> properties.setProperty("password", password));
        Connection connection = DriverManager.getConnection(config.url(), properties);
        connection.setAutoCommit(true);
        return connection;
    }
}
