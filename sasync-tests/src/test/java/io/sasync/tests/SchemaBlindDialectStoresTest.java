package io.sasync.tests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.DatabaseConfig;
import io.sasync.TableSpec;
import io.sasync.core.AccessBroker;
import io.sasync.core.DefaultQueueFactory;
import io.sasync.core.Dialects;
import io.sasync.persistence.StoreTables;
import io.sasync.persistence.Stores;
import io.sasync.spi.Dialect;
import io.sasync.spi.SqlStates;
import io.sasync.spi.Upsert;
import io.sasync.spi.UpsertColumns;
import java.sql.SQLException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

/**
 * A dialect written before {@link Dialect#qualifiedName}, whose upsert names the table without its
 * schema, would write a store's rows to a table of the same name in the current schema: stores in
 * a schema refuse it instead, saying why.
 */
class SchemaBlindDialectStoresTest {

    /** H2's {@code MERGE}, naming the table as a dialect did before tables had schemas. */
    static final class SchemaBlindDialect implements Dialect {
        @Override
        public String name() {
            return "schema-blind";
        }

        @Override
        public boolean supportsUrl(String url) {
            return url.contains(":h2:");
        }

        @Override
        public Upsert upsert(TableSpec table, List<String> keyColumns, List<String> valueColumns) {
            UpsertColumns c = UpsertColumns.of(this, table, keyColumns, valueColumns);
            return Upsert.inOrder("MERGE INTO " + quote(table.name()) + " (" + c.allList() + ") KEY ("
                    + c.keyList() + ") VALUES (" + c.placeholders() + ")", c.all().size());
        }

        @Override
        public boolean isObjectExists(SQLException e) {
            return SqlStates.has(e, "42S01", "42S11");
        }
    }

    @Test
    void aDialectWhoseUpsertLeavesOutTheSchemaIsRefusedForStoresInOne() throws Exception {
        DefaultQueueFactory factory = new DefaultQueueFactory(Dialects.of(List.of(new SchemaBlindDialect())));
        DatabaseConfig config = DatabaseConfig.of("jdbc:h2:mem:schema-blind-" + UUID.randomUUID());
        try (AccessBroker broker = new AccessBroker(factory, config)) {
            broker.update("CREATE SCHEMA app").get(60, SECONDS);
            Throwable update = assertThrows(ExecutionException.class, () -> Stores.items(broker, "users",
                    StoreTables.defaults().inSchema("app")).update("ada", 1815).get(60, SECONDS)).getCause();
            IllegalStateException e = assertInstanceOf(IllegalStateException.class, update);
            assertTrue(e.getMessage().contains("schema-blind dialect writes its upsert without the table's schema"),
                    e.getMessage());
            assertTrue(e.getMessage().contains("app.sasync_items"), e.getMessage());
        }
    }
}
