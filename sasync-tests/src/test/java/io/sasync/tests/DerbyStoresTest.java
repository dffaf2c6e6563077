package io.sasync.tests;

import io.sasync.DatabaseConfig;
import io.sasync.persistence.ItemsContract;
import io.sasync.persistence.PersistentArrayContract;
import io.sasync.persistence.PersistentDictContract;
import org.junit.jupiter.api.Nested;

/** The store contracts of sasync-stores on DERBY. */
class DerbyStoresTest {

    static DatabaseConfig newDatabase() {
        TestDatabase.DERBY.assumeAvailable();
        return TestDatabase.DERBY.newDatabase().build();
    }

    @Nested
    class Items extends ItemsContract {
        @Override
        protected DatabaseConfig newDatabase() {
            return DerbyStoresTest.newDatabase();
        }
    }

    @Nested
    class Dict extends PersistentDictContract {
        @Override
        protected DatabaseConfig newDatabase() {
            return DerbyStoresTest.newDatabase();
        }
    }

    @Nested
    class Array extends PersistentArrayContract {
        @Override
        protected DatabaseConfig newDatabase() {
            return DerbyStoresTest.newDatabase();
        }
    }
}
