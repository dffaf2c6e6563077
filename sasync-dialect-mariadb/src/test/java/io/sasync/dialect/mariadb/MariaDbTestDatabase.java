package io.sasync.dialect.mariadb;

import io.sasync.DatabaseConfig;
import io.sasync.testkit.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Properties;

/**
 * The MariaDB server the tests run against: {@code SASYNC_MARIADB_URL} (default
 * {@code jdbc:mariadb://127.0.0.1:3306/test}), user {@code SASYNC_MARIADB_USER} (default
 * {@code root}) unless the URL names one, no password unless the URL has one.
 *
 * <p>Where no server answers, {@link #assumeAvailable()} skips the calling tests with a loud
 * message, except when the environment has {@code CI=true} or the system property
 * {@code sasync.mariadb.required=true} is set: then it fails them.
 */
final class MariaDbTestDatabase {

    static final String URL = envOr("SASYNC_MARIADB_URL", "jdbc:mariadb://127.0.0.1:3306/test");
    static final String USER = envOr("SASYNC_MARIADB_USER", "root");

    private static final TestServer SERVER =
            new TestServer("MariaDB", DatabaseConfig.redact(URL), "sasync.mariadb.required", MariaDbTestDatabase::connect);

    private MariaDbTestDatabase() {
    }

    private static String envOr(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    /** Whether a missing server is a failure rather than a reason to skip. */
    static boolean required() {
        return SERVER.required();
    }

    /** @return whether a server answers; asks it once per test run */
    static boolean available() {
        return SERVER.available();
    }

    /** Skips (or, where the server is required, fails) the caller when no server answers; set SASYNC_MARIADB_URL. */
    static void assumeAvailable() {
        SERVER.assumeAvailable();
    }

    /** A new connection to the test server's database; connecting and every socket read time out. */
    static Connection connect() throws SQLException {
        return DriverManager.getConnection(URL, properties());
    }

    private static Properties properties() {
        Properties props = new Properties();
        if (!URL.contains("user=")) {
            props.setProperty("user", USER);
        }
        props.setProperty("connectTimeout", "5000");
        props.setProperty("socketTimeout", "120000");
        return props;
    }

    /** @return the test server's URL with another database in it */
    static String urlOf(String database) {
        return URL.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
    }

    /**
     * @param database a database on the test server
     * @return a config of it whose connecting and socket reads time out rather than hang a test
     */
    static DatabaseConfig.Builder config(String database) {
        DatabaseConfig.Builder builder = DatabaseConfig.builder(urlOf(database))
                .driverProperty("connectTimeout", "5000").driverProperty("socketTimeout", "120000");
        return URL.contains("user=") ? builder : builder.user(USER);
    }

    /** Runs one statement on the test server. */
    static void execute(String sql) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
