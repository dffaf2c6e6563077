package io.sasync.tests;

import io.sasync.DatabaseConfig;
import io.sasync.testkit.TestServer;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * The MariaDB server of this module's tests: {@code SASYNC_MARIADB_URL} (default
 * {@code jdbc:mariadb://127.0.0.1:3306/test}), user {@code SASYNC_MARIADB_USER} (default
 * {@code root}), no password. Each test works in a database of its own, which it drops. Where no
 * server answers the tests are skipped loudly, or fail under {@code CI=true} or
 * {@code -Dsasync.mariadb.required=true}.
 */
final class TestMariaDb {

    static final String URL = Optional.ofNullable(System.getenv("SASYNC_MARIADB_URL"))
            .orElse("jdbc:mariadb://127.0.0.1:3306/test");
    static final String USER = Optional.ofNullable(System.getenv("SASYNC_MARIADB_USER")).orElse("root");
    private static final TestServer SERVER = new TestServer("MariaDB", DatabaseConfig.redact(URL),
            "sasync.mariadb.required", () -> connect(URL));

    private TestMariaDb() {
    }

    static void assumeAvailable() {
        SERVER.assumeAvailable();
    }

    /** @return the URL of a database of the test server */
    static String url(String database) {
        return URL.replaceFirst("/[^/?]*(\\?|$)", "/" + database + "$1");
    }

    static Connection connect(String url) throws SQLException {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("connectTimeout", "5000");
        return DriverManager.getConnection(url, p);
    }

    /** Runs one statement on the test server. */
    static void execute(String sql) throws SQLException {
        try (Connection c = connect(URL); Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
