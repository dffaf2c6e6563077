package io.sasync.persistence;

import io.sasync.DatabaseConfig;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Nested;

/** The store contracts on H2 in memory, a new database per test. */
class H2MemoryStoresTest {

    private static final AtomicInteger DATABASES = new AtomicInteger();

    static DatabaseConfig newH2Database() {
        // DB_CLOSE_DELAY=-1 keeps the data while no broker is open, for the tests that reopen it.
        return DatabaseConfig.of("jdbc:h2:mem:stores-" + DATABASES.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    }

    @Nested
    class Items extends ItemsContract {
        @Override
        protected DatabaseConfig newDatabase() {
            return newH2Database();
        }
    }

    @Nested
    class Dict extends PersistentDictContract {
        @Override
        protected DatabaseConfig newDatabase() {
            return newH2Database();
        }
    }

    @Nested
    class Array extends PersistentArrayContract {
        @Override
        protected DatabaseConfig newDatabase() {
            return newH2Database();
        }
    }
}
