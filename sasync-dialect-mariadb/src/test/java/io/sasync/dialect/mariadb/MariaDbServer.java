package io.sasync.dialect.mariadb;

import io.sasync.DatabaseConfig;
import io.sasync.testkit.Capability;
import io.sasync.testkit.DatabaseUnderTest;
import java.sql.SQLException;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The test server ({@link MariaDbTestDatabase}) as the kit's contracts need to know it. It is
 * shared with other tests and other builds, so each test works in a database of its own, made here
 * and dropped with everything in it afterwards. MariaDB commits DDL at once, stores names in a
 * three-byte UTF-8 and keeps table names case-sensitive; its lock waits are set per session. Where
 * no server answers, each test is skipped, or fails where MariaDB is required.
 */
interface MariaDbServer extends DatabaseUnderTest {

    AtomicInteger MISSING = new AtomicInteger();

    @Override
    default DatabaseConfig.Builder newDatabase() throws SQLException {
        MariaDbTestDatabase.assumeAvailable();
        String database = "sasync_kit_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        MariaDbTestDatabase.execute("CREATE DATABASE " + database);
        return MariaDbTestDatabase.config(database);
    }

    @Override
    default void releaseDatabase(DatabaseConfig config) throws SQLException {
        String database = config.url().replaceFirst("^.*/([^/?]+)(\\?.*)?$", "$1");
        MariaDbTestDatabase.execute("DROP DATABASE IF EXISTS " + database);
    }

    @Override
    default Set<Capability> lacks() {
        return EnumSet.of(Capability.TRANSACTIONAL_DDL, Capability.FOUR_BYTE_IDENTIFIERS, Capability.STANDARD_NAME_CASE);
    }

    @Override
    default Optional<String> dialectName() {
        return Optional.of("mariadb");
    }

    @Override
    default String dropSchemaStatement(String quotedSchema) {
        return "DROP SCHEMA " + quotedSchema;
    }

    @Override
    default Set<String> deadlockSqlStates() {
        return Set.of("40001");
    }

    @Override
    default List<String> lockTimeoutSettings() {
        return List.of("SET innodb_lock_wait_timeout = 1");
    }

    /** The test server with another database name. */
    @Override
    default Optional<DatabaseConfig> missingDatabase() {
        return Optional.of(MariaDbTestDatabase.config("no_such_database_" + MISSING.incrementAndGet()).build());
    }

    @Override
    default Optional<String> slowQuery() {
        return Optional.of("SELECT SLEEP(30)");
    }

    @Override
    default Optional<String> sessionEndingQuery() {
        return Optional.of("KILL CONNECTION_ID()");
    }
}
