package io.sasync.dialect.h2;

import io.sasync.DatabaseConfig;
import io.sasync.testkit.Capability;
import io.sasync.testkit.DatabaseUnderTest;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * What the kit's contracts need to know of H2 beyond where its databases are, for every contract
 * class of this module: DDL commits at once (no {@link Capability#TRANSACTIONAL_DDL}), how its lock
 * waits are set and the SQL states of a deadlock and a lock timeout, where a database is missing,
 * and a query that runs until it is cancelled.
 */
interface H2Hooks extends DatabaseUnderTest {

    @Override
    default Set<Capability> lacks() {
        return EnumSet.of(Capability.TRANSACTIONAL_DDL);
    }

    @Override
    default Optional<String> dialectName() {
        return Optional.of("h2");
    }

    /** H2 waits a second for a lock by default: long enough for the deadlock to be found first. */
    @Override
    default List<String> deadlockSettings() {
        return List.of("SET LOCK_TIMEOUT 10000");
    }

    @Override
    default Set<String> deadlockSqlStates() {
        return Set.of("40001");
    }

    @Override
    default List<String> lockTimeoutSettings() {
        return List.of("SET LOCK_TIMEOUT 100");
    }

    @Override
    default Set<String> lockTimeoutSqlStates() {
        return Set.of("HYT00");
    }

    @Override
    default Optional<DatabaseConfig> missingDatabase() {
        return Optional.of(DatabaseConfig.of("jdbc:h2:mem:absent-" + UUID.randomUUID() + ";IFEXISTS=TRUE"));
    }

    /** A sum over 10<sup>11</sup> generated rows: hours, unless cancelled. */
    @Override
    default Optional<String> slowQuery() {
        return Optional.of("SELECT SUM(X) FROM SYSTEM_RANGE(1, 100000000000)");
    }
}
