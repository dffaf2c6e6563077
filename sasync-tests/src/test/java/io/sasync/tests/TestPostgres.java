package io.sasync.tests;

import io.sasync.DatabaseConfig;
import io.sasync.testkit.TestServer;
import java.sql.DriverManager;
import java.util.Optional;

/**
 * The PostgreSQL server the tests of this module run against: {@code SASYNC_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}), user {@code SASYNC_PG_USER} (default
 * {@code postgres}), no password. Where none answers, its tests are skipped with a loud message,
 * unless {@code CI=true} or {@code -Dsasync.pg.required=true}, where that is a failure. The tests
 * share the server's database with other suites: each uses table names, or a schema
 * ({@link PostgresSchema}), of its own.
 */
final class TestPostgres {

    private static final TestServer SERVER = new TestServer("PostgreSQL", DatabaseConfig.redact(url()),
            "sasync.pg.required", () -> {
                DriverManager.setLoginTimeout(5);
                return DriverManager.getConnection(url(), user(), null);
            });

    private TestPostgres() {
    }

    /** @return a config of the server's test database */
    static DatabaseConfig.Builder newDatabase() {
        return DatabaseConfig.builder(url()).user(user());
    }

    static String url() {
        return Optional.ofNullable(System.getenv("SASYNC_PG_URL")).orElse("jdbc:postgresql://127.0.0.1:5432/test");
    }

    static String user() {
        return Optional.ofNullable(System.getenv("SASYNC_PG_USER")).orElse("postgres");
    }

    /** @return whether a missing server is a failure rather than a reason to skip */
    static boolean required() {
        return SERVER.required();
    }

    /** Skips (or, where PostgreSQL is required, fails) the calling test when the server cannot be reached. */
    static void assumeAvailable() {
        SERVER.assumeAvailable();
    }
}
