package io.sasync.examples.dialect;

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

/**
 * Every contract of {@code sasync-testkit} on {@link StandardMergeDialect}: each nested class
 * extends a contract and takes its hooks from {@link StandardMergeDatabase}; JUnit runs the tests
 * each contract inherits.
 */
class StandardMergeContractsTest {

    @Nested
    class Dialect extends DialectContract implements StandardMergeDatabase {
    }

    @Nested
    class Broker extends BrokerContract implements StandardMergeDatabase {
    }

    @Nested
    class Stream extends StreamContract implements StandardMergeDatabase {
    }

    @Nested
    class ProduceRows extends ProduceRowsContract implements StandardMergeDatabase {
    }

    @Nested
    class BadInput extends BadInputContract implements StandardMergeDatabase {
    }

    @Nested
    class Faults extends FaultContract implements StandardMergeDatabase {
    }

    @Nested
    class Items extends ItemsContract implements StandardMergeDatabase {
    }

    @Nested
    class Dict extends PersistentDictContract implements StandardMergeDatabase {
    }

    @Nested
    class Array extends PersistentArrayContract implements StandardMergeDatabase {
    }

    @Nested
    class MappedResults extends MappedResultsContract implements StandardMergeDatabase {
    }

    @Nested
    class StoreTables extends StoreTablesContract implements StandardMergeDatabase {
    }
}
