package io.sasync.dialect.sqlite;

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
import org.junit.jupiter.api.Nested;

/** Every contract of {@code sasync-testkit} on SQLite database files under {@code target/}, a new file per test. */
class SqliteFileContractsTest {

    @Nested
    class Dialect extends DialectContract implements SqliteFiles {
    }

    @Nested
    class Broker extends BrokerContract implements SqliteFiles {
    }

    @Nested
    class Stream extends StreamContract implements SqliteFiles {
    }

    @Nested
    class ProduceRows extends ProduceRowsContract implements SqliteFiles {
    }

    @Nested
    class BadInput extends BadInputContract implements SqliteFiles {
    }

    @Nested
    class Faults extends FaultContract implements SqliteFiles {
    }

    @Nested
    class Items extends ItemsContract implements SqliteFiles {
    }

    @Nested
    class Dict extends PersistentDictContract implements SqliteFiles {
    }

    @Nested
    class Array extends PersistentArrayContract implements SqliteFiles {
    }

    @Nested
    class MappedResults extends MappedResultsContract implements SqliteFiles {
    }

    @Nested
    class StoreTables extends StoreTablesContract implements SqliteFiles {
    }
}
