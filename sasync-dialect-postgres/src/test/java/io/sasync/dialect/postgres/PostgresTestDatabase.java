package io.sasync.dialect.postgres;

import io.sasync.DatabaseConfig;
import io.sasync.testkit.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * The PostgreSQL server the tests run against: {@code SASYNC_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}), user {@code SASYNC_PG_USER} (default
 * {@code postgres}) unless the URL names one, no password unless the URL has one.
 *
 * <p>Where no server answers, {@link #assumeAvailable()} skips the calling tests with a loud
 * message, except when the environment has {@code CI=true} or the system property
 * {@code sasync.pg.required=true} is set: then it fails them.
 */
final class PostgresTestDatabase {

    static final String URL = envOr("SASYNC_PG_URL", "jdbc:postgresql://127.0.0.1:5432/test");
    static final String USER = envOr("SASYNC_PG_USER", "postgres");

    private static final TestServer SERVER =
            new TestServer("PostgreSQL", DatabaseConfig.redact(URL), "sasync.pg.required", PostgresTestDatabase::connect);

    private PostgresTestDatabase() {
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

    /** Skips (or, where the server is required, fails) the caller when no server answers; set SASYNC_PG_URL. */
    static void assumeAvailable() {
        SERVER.assumeAvailable();
    }

    /** A new connection; connect, login and every socket read time out instead of hanging a test. */
    static Connection connect() throws SQLException {
        Properties props = new Properties();
        if (!URL.contains("user=")) {
            props.setProperty("user", USER);
        }
        props.setProperty("connectTimeout", "5");
        props.setProperty("loginTimeout", "10");
        props.setProperty("socketTimeout", "120");
        return DriverManager.getConnection(URL, props);
    }

    /**
     * @param schema a schema
     * @return a config of the test server whose connections work in that schema, their statements
     *         and socket reads timing out rather than hanging a test
     */
    static DatabaseConfig.Builder config(String schema) {
        DatabaseConfig.Builder builder = DatabaseConfig.builder(URL).driverProperty("currentSchema", schema)
                .driverProperty("connectTimeout", "5").driverProperty("loginTimeout", "10");
        return URL.contains("user=") ? builder : builder.user(USER);
    }

    /** A new connection whose current schema is {@code schema}. */
    static Connection connect(String schema) throws SQLException {
        Connection c = connect();
        c.setSchema(schema);
        return c;
    }
}
