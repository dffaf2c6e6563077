package io.sasync.dialect.h2;

import io.sasync.DatabaseConfig;
import io.sasync.testkit.BadInputContract;
import io.sasync.testkit.BrokerContract;
import io.sasync.testkit.DialectContract;
import io.sasync.testkit.FaultContract;
import io.sasync.testkit.ItemsContract;
import io.sasync.testkit.MappedResultsContract;
import io.sasync.testkit.PersistentArrayContract;
import io.sasync.testkit.PersistentDictContract;
import io.sasync.testkit.ProduceRowsContract;
import io.sasync.testkit.StoreTablesContract;
import io.sasync.testkit.StreamContract;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.Nested;

/** Every contract of {@code sasync-testkit} on H2 in memory, a new database per test. */
class H2MemoryContractsTest {

    /** A new in-memory database per test, kept while no connection is open, closed after the test. */
    interface InMemory extends H2Hooks {
        @Override
        default DatabaseConfig.Builder newDatabase() {
            return DatabaseConfig.builder("jdbc:h2:mem:contract-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        }

        @Override
        default void releaseDatabase(DatabaseConfig config) throws SQLException {
            try (Connection c = DriverManager.getConnection(config.url()); Statement s = c.createStatement()) {
                s.execute("SHUTDOWN");
            }
        }
    }

    @Nested
    class Dialect extends DialectContract implements InMemory {
    }

    @Nested
    class Broker extends BrokerContract implements InMemory {
    }

    @Nested
    class Stream extends StreamContract implements InMemory {
    }

    @Nested
    class ProduceRows extends ProduceRowsContract implements InMemory {
    }

    @Nested
    class BadInput extends BadInputContract implements InMemory {
    }

    @Nested
    class Faults extends FaultContract implements InMemory {
    }

    @Nested
    class Items extends ItemsContract implements InMemory {
    }

    @Nested
    class Dict extends PersistentDictContract implements InMemory {
    }

    @Nested
    class Array extends PersistentArrayContract implements InMemory {
    }

    @Nested
    class MappedResults extends MappedResultsContract implements InMemory {
    }

    @Nested
    class StoreTables extends StoreTablesContract implements InMemory {
    }
}
