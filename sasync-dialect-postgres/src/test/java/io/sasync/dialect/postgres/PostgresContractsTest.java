package io.sasync.dialect.postgres;

import io.sasync.testkit.BadInputContract;
import io.sasync.testkit.DialectContract;
import io.sasync.testkit.FaultContract;
import io.sasync.testkit.ItemsContract;
import io.sasync.testkit.MappedResultsContract;
import io.sasync.testkit.PersistentArrayContract;
import io.sasync.testkit.PersistentDictContract;
import io.sasync.testkit.ProduceRowsContract;
import io.sasync.testkit.StoreTablesContract;
import io.sasync.testkit.StreamContract;
import org.junit.jupiter.api.Nested;

/**
 * The contracts of {@code sasync-testkit} on a real PostgreSQL server, each test in a schema of
 * its own; the broker contract runs in {@link PostgresBrokerTest}, beside what only PostgreSQL
 * shows of the broker.
 */
class PostgresContractsTest {

    @Nested
    class Dialect extends DialectContract implements PostgresServer {
    }

    @Nested
    class Stream extends StreamContract implements PostgresServer {
    }

    @Nested
    class ProduceRows extends ProduceRowsContract implements PostgresServer {
    }

    @Nested
    class BadInput extends BadInputContract implements PostgresServer {
    }

    @Nested
    class Faults extends FaultContract implements PostgresServer {
    }

    @Nested
    class Items extends ItemsContract implements PostgresServer {
    }

    @Nested
    class Dict extends PersistentDictContract implements PostgresServer {
    }

    @Nested
    class Array extends PersistentArrayContract implements PostgresServer {
    }

    @Nested
    class MappedResults extends MappedResultsContract implements PostgresServer {
    }

    @Nested
    class StoreTables extends StoreTablesContract implements PostgresServer {
    }
}
