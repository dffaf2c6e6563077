package io.sasync.tests;

import io.sasync.DatabaseConfig;
import io.sasync.persistence.ItemsContract;
import io.sasync.persistence.PersistentArrayContract;
import io.sasync.persistence.PersistentDictContract;
import org.junit.jupiter.api.Nested;

/** The store contracts of sasync-stores on H2_FILE. */
class H2FileStoresTest {

    static DatabaseConfig newDatabase() {
        TestDatabase.H2_FILE.assumeAvailable();
        return TestDatabase.H2_FILE.newDatabase().build();
    }

    @Nested
    class Items extends ItemsContract {
        @Override
        protected DatabaseConfig newDatabase() {
            return H2FileStoresTest.newDatabase();
        }
    }

    @Nested
    class Dict extends PersistentDictContract {
        @Override
        protected DatabaseConfig newDatabase() {
            return H2FileStoresTest.newDatabase();
        }
    }

    @Nested
    class Array extends PersistentArrayContract {
        @Override
        protected DatabaseConfig newDatabase() {
            return H2FileStoresTest.newDatabase();
        }
    }
}
