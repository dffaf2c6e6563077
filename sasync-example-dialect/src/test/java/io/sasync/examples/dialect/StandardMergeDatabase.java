package io.sasync.examples.dialect;

import io.sasync.DatabaseConfig;
import io.sasync.testkit.Capability;
import io.sasync.testkit.DatabaseUnderTest;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The database under test, described once for every contract: a new in-memory H2 database per
 * test, named so that {@link StandardMergeDialect} serves it, and what H2 does differently from
 * the kit's defaults.
 */
interface StandardMergeDatabase extends DatabaseUnderTest {

    /** The one hook without a default: a fresh database for each test. */
    @Override
    default DatabaseConfig.Builder newDatabase() {
        // DB_CLOSE_DELAY=-1 keeps the data while no connection is open: some checks reopen it.
        return DatabaseConfig.builder("jdbc" + StandardMergeDialect.MARKER + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    }

    /** Frees the in-memory database once the test is over. */
    @Override
    default void releaseDatabase(DatabaseConfig config) throws SQLException {
        try (Connection c = DriverManager.getConnection(config.url()); Statement s = c.createStatement()) {
            s.execute("SHUTDOWN");
        }
    }

    /** Fails the contracts if another dialect (the built-in H2 one, say) served these URLs instead. */
    @Override
    default Optional<String> dialectName() {
        return Optional.of("standard-merge");
    }

    /** H2 commits DDL at once: the check that DDL rolls back is skipped, and says so. */
    @Override
    default Set<Capability> lacks() {
        return EnumSet.of(Capability.TRANSACTIONAL_DDL);
    }

    /** The SPI's standard types make TEXT and BLOB H2 LOBs, which the driver reads as Clob and Blob. */
    @Override
    default boolean readsLobs() {
        return true;
    }

    /** H2 gives up a lock wait after a second: long enough to see the deadlock first. */
    @Override
    default List<String> deadlockSettings() {
        return List.of("SET LOCK_TIMEOUT 10000");
    }

    @Override
    default List<String> lockTimeoutSettings() {
        return List.of("SET LOCK_TIMEOUT 100");
    }

    @Override
    default Optional<DatabaseConfig> missingDatabase() {
        return Optional.of(DatabaseConfig.of("jdbc" + StandardMergeDialect.MARKER + UUID.randomUUID() + ";IFEXISTS=TRUE"));
    }

    @Override
    default Optional<String> slowQuery() {
        return Optional.of("SELECT SUM(X) FROM SYSTEM_RANGE(1, 100000000000)");
    }
}
