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
 * properties, or from the application's own data source when the config has one. Either way
 * the connection is in auto-commit mode. The pool's own settings (its {@code poolProperties},
 * such as {@code connectionInitSqls}, and the dialect's pool defaults) do not apply to it.
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
        Connection connection;
        try {
            connection = connect(config);
        } catch (SQLException e) {
            throw new SQLException("cannot open a dedicated connection to " + config + ": "
                    + DatabaseConfig.redact(String.valueOf(e.getMessage())), e.getSQLState(), e.getErrorCode());
        }
        try {
            connection.setAutoCommit(true);
            return connection;
        } catch (SQLException | RuntimeException e) {
            try {
                connection.close();
            } catch (SQLException closing) {
                e.addSuppressed(closing);
            }
            throw e;
        }
    }

    private static Connection connect(DatabaseConfig config) throws SQLException {
        Optional<DataSource> dataSource = config.dataSource();
        if (dataSource.isPresent()) {
            return dataSource.get().getConnection();
        }
        Properties properties = new Properties();
        properties.putAll(config.driverProperties());
        config.user().ifPresent(user -> properties.setProperty("user", user));
        config.password().ifPresent(password -> properties.setProperty("password", password));
        return DriverManager.getConnection(config.url(), properties);
    }
}
