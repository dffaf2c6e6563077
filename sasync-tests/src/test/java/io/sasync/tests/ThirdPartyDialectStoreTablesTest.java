package io.sasync.tests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.core.AccessBroker;
import io.sasync.persistence.StoreTables;
import io.sasync.persistence.Stores;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A dialect written before {@link io.sasync.spi.Dialect#qualifiedName}, whose upsert names the
 * table without its schema, would write a store's rows to a table of the same name in the
 * current schema: stores in a schema refuse it instead, saying why.
 */
class ThirdPartyDialectStoreTablesTest {

    @Test
    void aDialectWhoseUpsertLeavesOutTheSchemaIsRefusedForStoresInOne() throws Exception {
        try (AccessBroker broker = new AccessBroker(TestDatabase.H2_THIRD_PARTY_DIALECT.newDatabase().build())) {
            broker.update("CREATE SCHEMA app").get(60, SECONDS);
            Throwable update = assertThrows(ExecutionException.class, () -> Stores.items(broker, "users",
                    StoreTables.defaults().inSchema("app")).update("ada", 1815).get(60, SECONDS)).getCause();
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, update);
            assertTrue(e.getMessage().contains("standard-merge dialect writes its upsert without the table's schema"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("app.sasync_items"), e.getMessage());
        }
    }
}
