package io.sasync.dialect.derby;

import io.sasync.DatabaseConfig;
import io.sasync.testkit.BadInputContract;
import io.sasync.testkit.BrokerContract;
import io.sasync.testkit.Capability;
import io.sasync.testkit.DatabaseUnderTest;
import io.sasync.testkit.DialectContract;
import io.sasync.testkit.FaultContract;
import io.sasync.testkit.ItemsContract;
import io.sasync.testkit.MappedResultsContract;
import io.sasync.testkit.PersistentArrayContract;
import io.sasync.testkit.PersistentDictContract;
import io.sasync.testkit.ProduceRowsContract;
import io.sasync.testkit.StoreTablesContract;
import io.sasync.testkit.StreamContract;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/** Every contract of {@code sasync-testkit} on embedded Derby under {@code target/}, a new database per test. */
class DerbyContractsTest {

    /**
     * A new database directory per test, deleted after the test. Derby compares {@code VARCHAR}
     * blank-padded, reads large values as LOBs and reuses an identical index; its lock waits are
     * database properties, set short here so that the lock checks take seconds (defaults: a
     * deadlock is looked for after 20 s, a wait gives up after 60 s). Its embedded driver cannot
     * cancel a running statement, so no slow query is given.
     */
    interface Embedded extends DatabaseUnderTest {
        Path DIRECTORY = Path.of("target", "databases", "derby").toAbsolutePath();
        List<String> LOCK_WAITS = List.of(
                "CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.deadlockTimeout', '1')",
                "CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', '3')");

        @Override
        default DatabaseConfig.Builder newDatabase() {
            return DatabaseConfig.builder("jdbc:derby:" + DIRECTORY.resolve(UUID.randomUUID().toString()) + ";create=true");
        }

        /** Deletes the database's directory: the dialect's {@code afterClose} has shut it down. */
        @Override
        default void releaseDatabase(DatabaseConfig config) throws IOException {
            String url = config.url();
            DerbyDatabaseTest.deleteRecursively(Path.of(url.substring("jdbc:derby:".length(), url.indexOf(';'))));
        }

        @Override
        default Set<Capability> lacks() {
            return EnumSet.of(Capability.TRAILING_SPACES_SIGNIFICANT);
        }

        @Override
        default Optional<String> dialectName() {
            return Optional.of("derby");
        }

        @Override
        default boolean readsLobs() {
            return true;
        }

        @Override
        default boolean reusesIdenticalIndexes() {
            return true;
        }

        @Override
        default List<String> deadlockSettings() {
            return LOCK_WAITS;
        }

        @Override
        default Set<String> deadlockSqlStates() {
            return Set.of("40001");
        }

        @Override
        default List<String> lockTimeoutSettings() {
            return LOCK_WAITS;
        }

        @Override
        default Set<String> lockTimeoutSqlStates() {
            return Set.of("40XL1");
        }

        @Override
        default Optional<DatabaseConfig> missingDatabase() {
            return Optional.of(DatabaseConfig.of("jdbc:derby:memory:absent-" + UUID.randomUUID()));
        }
    }

    @Nested
    class Dialect extends DialectContract implements Embedded {
    }

    @Nested
    class Broker extends BrokerContract implements Embedded {
    }

    @Nested
    class Stream extends StreamContract implements Embedded {
    }

    @Nested
    class ProduceRows extends ProduceRowsContract implements Embedded {
    }

    @Nested
    class BadInput extends BadInputContract implements Embedded {
    }

    @Nested
    class Faults extends FaultContract implements Embedded {
    }

    @Nested
    class Items extends ItemsContract implements Embedded {
    }

    @Nested
    class Dict extends PersistentDictContract implements Embedded {
    }

    @Nested
    class Array extends PersistentArrayContract implements Embedded {
    }

    @Nested
    class MappedResults extends MappedResultsContract implements Embedded {
    }

    @Nested
    class StoreTables extends StoreTablesContract implements Embedded {
    }
}
