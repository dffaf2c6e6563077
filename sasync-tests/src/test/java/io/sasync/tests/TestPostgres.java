package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.DatabaseConfig;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The PostgreSQL server the tests of this module run against: {@code SASYNC_PG_URL} (default
 * {@code jdbc:postgresql://127.0.0.1:5432/test}), user {@code SASYNC_PG_USER} (default
 * {@code postgres}), no password. Where none answers, its tests are skipped with a loud message,
 * unless {@code CI=true} or {@code -Dsasync.pg.required=true}, where that is a failure. The tests
 * share the server's database with other suites: each uses table names, or a schema
 * ({@link PostgresSchema}), of its own.
 */
final class TestPostgres {

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
        return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("sasync.pg.required");
    }

    /** Skips (or, where PostgreSQL is required, fails) the calling test when the server cannot be reached. */
    static void assumeAvailable() {
        Availability.check();
    }

    /** Checks once per JVM whether PostgreSQL answers. */
    private static final class Availability {
        private static final Optional<SQLException> FAILURE = probe();

        private static Optional<SQLException> probe() {
            DriverManager.setLoginTimeout(5);
            try (Connection c = DriverManager.getConnection(url(), user(), null)) {
                return c.isValid(5) ? Optional.empty() : Optional.of(new SQLException("connection not valid"));
            } catch (SQLException e) {
                return Optional.of(e);
            }
        }

        static void check() {
            if (FAILURE.isEmpty()) {
                return;
            }
            String message = "PostgreSQL at " + DatabaseConfig.redact(url()) + " does not answer ("
                    + FAILURE.get().getMessage() + ")";
            if (required()) {
                fail(message + "; PostgreSQL is required (CI=true or -Dsasync.pg.required=true)", FAILURE.get());
            }
            System.err.println("\n*** SKIPPING POSTGRESQL TESTS: " + message
                    + ". Start PostgreSQL or set SASYNC_PG_URL. ***\n");
            Assumptions.abort(message);
        }
    }
}
