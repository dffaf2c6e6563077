package io.sasync.dialect.sqlite;

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
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Nested;

/**
 * Every contract of {@code sasync-testkit} on SQLite shared-cache memory databases
 * ({@code jdbc:sqlite:file:name?mode=memory&cache=shared}), a new one per test, kept between the
 * test's brokers by a connection the test holds open, as the dialect's documentation tells users
 * to.
 */
class SqliteSharedMemoryContractsTest {

    /** A shared-cache memory database per test, and the connection that keeps it until the test ends. */
    interface SharedMemory extends Sqlite {

        /** The connection keeping each test's database, by URL. */
        Map<String, Connection> KEEPERS = new ConcurrentHashMap<>();

        @Override
        default DatabaseConfig.Builder newDatabase() throws SQLException {
            String url = "jdbc:sqlite:file:contract-" + UUID.randomUUID() + "?mode=memory&cache=shared";
            KEEPERS.put(url, DriverManager.getConnection(url));
            return DatabaseConfig.builder(url);
        }

        /** Closes the keeping connection, the database's last: the database is gone with it. */
        @Override
        default void releaseDatabase(DatabaseConfig config) throws SQLException {
            Connection keeper = KEEPERS.remove(config.url());
            if (keeper != null) {
                keeper.close();
            }
        }
    }

    @Nested
    class Dialect extends DialectContract implements SharedMemory {
    }

    @Nested
    class Broker extends BrokerContract implements SharedMemory {
    }

    @Nested
    class Stream extends StreamContract implements SharedMemory {
    }

    @Nested
    class ProduceRows extends ProduceRowsContract implements SharedMemory {
    }

    @Nested
    class BadInput extends BadInputContract implements SharedMemory {
    }

    @Nested
    class Faults extends FaultContract implements SharedMemory {
    }

    @Nested
    class Items extends ItemsContract implements SharedMemory {
    }

    @Nested
    class Dict extends PersistentDictContract implements SharedMemory {
    }

    @Nested
    class Array extends PersistentArrayContract implements SharedMemory {
    }

    @Nested
    class MappedResults extends MappedResultsContract implements SharedMemory {
    }

    @Nested
    class StoreTables extends StoreTablesContract implements SharedMemory {
    }
}
