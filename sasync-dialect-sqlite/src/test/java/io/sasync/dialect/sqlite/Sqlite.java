package io.sasync.dialect.sqlite;

import io.sasync.DatabaseConfig;
import io.sasync.testkit.Capability;
import io.sasync.testkit.DatabaseUnderTest;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * SQLite as the kit's contracts need to know it, whatever holds the database. SQLite has no
 * {@code CREATE SCHEMA}, lets one writer at a time hold the database, keeps decimals to 15 digits,
 * matches names ignoring case, and its driver reports result codes rather than SQL states; a lock
 * wait ends after {@code busy_timeout}.
 */
interface Sqlite extends DatabaseUnderTest {

    /** Where the tests' database files are. */
    Path DIRECTORY = Path.of("target", "databases", "sqlite").toAbsolutePath();

    @Override
    default Set<Capability> lacks() {
        return EnumSet.of(Capability.SCHEMAS, Capability.CONCURRENT_WRITES, Capability.EXACT_DECIMALS,
                Capability.STANDARD_NAME_CASE, Capability.SQL_STATES);
    }

    @Override
    default Optional<String> dialectName() {
        return Optional.of("sqlite");
    }

    @Override
    default List<String> lockTimeoutSettings() {
        return List.of("PRAGMA busy_timeout = 100");
    }

    /** A file that is not there, opened without leave to create it. */
    @Override
    default Optional<DatabaseConfig> missingDatabase() {
        return Optional.of(DatabaseConfig.of("jdbc:sqlite:file:" + DIRECTORY.resolve("absent-" + UUID.randomUUID() + ".db")
                + "?mode=rw"));
    }

    /** Counting to 10<sup>11</sup> one row at a time: hours, unless interrupted. */
    @Override
    default Optional<String> slowQuery() {
        return Optional.of("WITH RECURSIVE r(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM r WHERE i < 100000000000)"
                + " SELECT COUNT(*) FROM r");
    }
}
