package io.sasync.tests;

import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.DatabaseConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Assumptions;

/**
 * The databases every contract suite runs against. Each call of {@link #newDatabase()} gives a
 * fresh, empty database, except PostgreSQL, where all tests share one server database and use
 * unique table names.
 *
 * <p>PostgreSQL is at {@code SASYNC_PG_URL} (default {@code jdbc:postgresql://127.0.0.1:5432/test},
 * user {@code postgres}, no password). Where none answers, its tests are skipped with a loud
 * message, unless {@code CI=true} or {@code -Dsasync.pg.required=true}, where that is a failure.
 */
public enum TestDatabase {

    /** H2, in memory. */
    H2_MEM {
        @Override
        public DatabaseConfig.Builder newDatabase() {
            return DatabaseConfig.builder("jdbc:h2:mem:contract-" + UUID.randomUUID());
        }
    },

    /** H2 in memory, through a dialect written only against the SPI (as a third party would). */
    H2_THIRD_PARTY_DIALECT {
        @Override
        public DatabaseConfig.Builder newDatabase() {
            return DatabaseConfig.builder("jdbc" + StandardMergeDialect.MARKER + UUID.randomUUID());
        }
    },

    /** H2, in a file under {@code target/}. */
    H2_FILE {
        @Override
        public DatabaseConfig.Builder newDatabase() {
            return DatabaseConfig.builder("jdbc:h2:file:" + dataDir().resolve("h2").resolve(UUID.randomUUID().toString()));
        }
    },

    /** Derby embedded, under {@code target/}. */
    DERBY {
        @Override
        public DatabaseConfig.Builder newDatabase() {
            return DatabaseConfig.builder("jdbc:derby:" + dataDir().resolve("derby").resolve(UUID.randomUUID().toString())
                    + ";create=true");
        }
    },

    /** A real PostgreSQL server. */
    POSTGRES {
        @Override
        public DatabaseConfig.Builder newDatabase() {
            return DatabaseConfig.builder(postgresUrl()).user(postgresUser());
        }

        @Override
        public boolean sharesTables() {
            return true;
        }

        @Override
        public void assumeAvailable() {
            PostgresAvailability.check();
        }
    };

    /** @return a config for an empty database (PostgreSQL: the shared test database) */
    public abstract DatabaseConfig.Builder newDatabase();

    /** @return whether tests share the database, so that tables must be dropped after each test */
    public boolean sharesTables() {
        return false;
    }

    /** Skips (or, under CI, fails) the calling test when this database cannot be reached. */
    public void assumeAvailable() {
    }

    static Path dataDir() {
        String dir = Optional.ofNullable(System.getenv("SASYNC_TEST_DIR")).orElse("target");
        return Path.of(dir).toAbsolutePath().resolve("databases");
    }

    static String postgresUrl() {
        return Optional.ofNullable(System.getenv("SASYNC_PG_URL")).orElse("jdbc:postgresql://127.0.0.1:5432/test");
    }

    static String postgresUser() {
        return Optional.ofNullable(System.getenv("SASYNC_PG_USER")).orElse("postgres");
    }

    /** Checks once per JVM whether PostgreSQL answers. */
    static final class PostgresAvailability {
        private static final Optional<SQLException> FAILURE = probe();

        private PostgresAvailability() {
        }

        private static Optional<SQLException> probe() {
            DriverManager.setLoginTimeout(5);
            try (Connection c = DriverManager.getConnection(postgresUrl(), postgresUser(), null)) {
                return c.isValid(5) ? Optional.empty() : Optional.of(new SQLException("connection not valid"));
            } catch (SQLException e) {
                return Optional.of(e);
            }
        }

        static boolean required() {
            return "true".equalsIgnoreCase(System.getenv("CI")) || Boolean.getBoolean("sasync.pg.required");
        }

        static void check() {
            if (FAILURE.isEmpty()) {
                return;
            }
            String message = "PostgreSQL at " + DatabaseConfig.redact(postgresUrl()) + " does not answer ("
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
