package io.sasync.dialect.postgres;

import io.sasync.DatabaseConfig;
import io.sasync.testkit.DatabaseUnderTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test server ({@link PostgresTestDatabase}) as the kit's contracts need to know it. It is
 * shared with other tests and other builds, so each test works in a schema of its own, made here
 * and dropped with everything in it afterwards: fixed names such as {@code select} or
 * {@code sasync_items} never meet another test's. Where no server answers, each test is skipped,
 * or fails where PostgreSQL is required.
 */
interface PostgresServer extends DatabaseUnderTest {

    AtomicInteger MISSING = new AtomicInteger();

    @Override
    default DatabaseConfig.Builder newDatabase() throws SQLException {
        PostgresTestDatabase.assumeAvailable();
        String schema = "sasync_kit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = PostgresTestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        }
        return PostgresTestDatabase.config(schema);
    }

    @Override
    default void releaseDatabase(DatabaseConfig config) throws SQLException {
        String schema = config.driverProperties().get("currentSchema");
        try (Connection c = PostgresTestDatabase.connect(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA IF EXISTS " + schema + " CASCADE");
        }
    }

    @Override
    default Optional<String> dialectName() {
        return Optional.of("postgresql");
    }

    @Override
    default Set<String> deadlockSqlStates() {
        return Set.of("40P01");
    }

    @Override
    default List<String> lockTimeoutSettings() {
        return List.of("SET lock_timeout = '100ms'");
    }

    @Override
    default Set<String> lockTimeoutSqlStates() {
        return Set.of("55P03");
    }

    /** The test server with another database name. */
    @Override
    default Optional<DatabaseConfig> missingDatabase() {
        String elsewhere = PostgresTestDatabase.URL.replaceFirst("/[^/?]*(\\?|$)",
                "/no_such_database_" + MISSING.incrementAndGet() + "$1");
        DatabaseConfig.Builder builder = DatabaseConfig.builder(elsewhere);
        return Optional.of((elsewhere.contains("user=") ? builder : builder.user(PostgresTestDatabase.USER)).build());
    }

    @Override
    default Optional<String> slowQuery() {
        return Optional.of("SELECT pg_sleep(30)");
    }

    @Override
    default Optional<String> sessionEndingQuery() {
        return Optional.of("SELECT pg_terminate_backend(pg_backend_pid())");
    }
}
