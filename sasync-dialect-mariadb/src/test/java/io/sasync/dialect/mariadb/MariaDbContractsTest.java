package io.sasync.dialect.mariadb;

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

/** Every contract of {@code sasync-testkit} on a real MariaDB server, each test in a database of its own. */
class MariaDbContractsTest {

    @Nested
    class Dialect extends DialectContract implements MariaDbServer {
    }

    @Nested
    class Broker extends BrokerContract implements MariaDbServer {
    }

    @Nested
    class Stream extends StreamContract implements MariaDbServer {
    }

    @Nested
    class ProduceRows extends ProduceRowsContract implements MariaDbServer {
    }

    @Nested
    class BadInput extends BadInputContract implements MariaDbServer {
    }

    @Nested
    class Faults extends FaultContract implements MariaDbServer {
    }

    @Nested
    class Items extends ItemsContract implements MariaDbServer {
    }

    @Nested
    class Dict extends PersistentDictContract implements MariaDbServer {
    }

    @Nested
    class Array extends PersistentArrayContract implements MariaDbServer {
    }

    @Nested
    class MappedResults extends MappedResultsContract implements MariaDbServer {
    }

    @Nested
    class StoreTables extends StoreTablesContract implements MariaDbServer {
    }
}
