package io.sasync.persistence;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Column;
import io.sasync.TableSpec;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** {@link StoreTables}: the defaults are the tables stores always had, and bad names fail when given. */
class StoreTablesTest {

    private static String refusal(Executable call) {
        return assertThrows(IllegalArgumentException.class, call).getMessage();
    }

    @Test
    void theDefaultsAreTheTablesStoresAlwaysHad() {
        StoreTables defaults = StoreTables.defaults();
        assertEquals(Optional.empty(), defaults.schema());
        assertEquals("sasync_items", defaults.items().name());
        assertEquals("sasync_array", defaults.array().name());
        assertNull(defaults.items().schema());
        assertEquals(Stores.itemsTable(), defaults.items());
        assertEquals(Stores.arrayTable(), defaults.array());
        assertEquals(List.of("group_id", "name"), defaults.items().primaryKey().stream().map(Column::name).toList());
        assertEquals(List.of("group_id", "x", "y", "z"),
                defaults.array().primaryKey().stream().map(Column::name).toList());
    }

    @Test
    void schemaAndNamesChangeOnlyWhereTheRowsAre() {
        StoreTables tables = StoreTables.defaults().inSchema("billing").withItems("bill_items").withArray("bill_array");
        assertEquals(Optional.of("billing"), tables.schema());
        TableSpec items = tables.items();
        assertEquals("billing", items.schema());
        assertEquals("bill_items", items.name());
        assertEquals(Stores.itemsTable().columns(), items.columns(), "the same columns");
        assertEquals("billing", tables.array().schema());
        assertEquals("bill_array", tables.array().name());
        assertEquals(Stores.arrayTable().columns(), tables.array().columns());
        assertEquals("StoreTables[billing.bill_items, billing.bill_array]", tables.toString());
        assertEquals(tables, StoreTables.defaults().withArray("bill_array").withItems("bill_items").inSchema("billing"));
        assertEquals(tables.hashCode(),
                StoreTables.defaults().withArray("bill_array").withItems("bill_items").inSchema("billing").hashCode());
        assertNotEquals(tables, StoreTables.defaults().inSchema("billing"));
        assertEquals(StoreTables.defaults(), StoreTables.defaults().withItems("sasync_items"));
    }

    @Test
    void badNamesAreRefusedWhenGivenNamingTheSetting() {
        StoreTables d = StoreTables.defaults();
        assertTrue(refusal(() -> d.withItems("app.items")).contains("give the schema with inSchema(...)"));
        assertTrue(refusal(() -> d.inSchema("a.b")).startsWith("store schema name contains a dot: a.b"));
        assertTrue(refusal(() -> d.withItems(" ")).startsWith("bad store items table name: table name must not be blank"));
        assertTrue(refusal(() -> d.withArray("x".repeat(64))).startsWith("bad store array table name: table name is 64 "
                + "bytes long, the limit is 63"));
        assertTrue(refusal(() -> d.inSchema("bad\u0000schema")).startsWith("bad store schema name: schema name contains "
                + "a control character at 3"));
        assertTrue(refusal(() -> d.withItems("SASYNC_ARRAY")).contains("items and array tables must differ"));
        assertTrue(refusal(() -> d.withArray("sasync_items")).contains("items and array tables must differ"));
        assertThrows(NullPointerException.class, () -> d.inSchema(null));
        assertThrows(NullPointerException.class, () -> d.withItems(null));
    }
}
