package io.sasync.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Broker;
import io.sasync.DatabaseException;
import io.sasync.TableSpec;
import io.sasync.persistence.Codecs;
import io.sasync.persistence.StoreTables;
import io.sasync.persistence.Stores;
import io.sasync.spi.Dialect;
import io.sasync.store.Items;
import io.sasync.store.PersistentArray;
import io.sasync.store.PersistentDict;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/**
 * Stores in tables of their own ({@link StoreTables}) on every database: the same id in two
 * schemas, or in two tables, is two stores that never see each other's rows, the default tables
 * are untouched by either, the rows carry the same group id wherever they are, and a missing
 * schema fails clearly without creating anything. The schemas are the test's own
 * ({@link #schema}); on a database without {@link Capability#SCHEMAS} only the checks of tables of
 * one's own in the current schema run.
 */
public abstract class StoreTablesContract extends StoreContractSupport {

    /** For subclasses. */
    protected StoreTablesContract() {
    }

    /** @return the tables, each dropped after the test if a store made it */
    private StoreTables tracked(StoreTables tables) {
        track(tables.items());
        track(tables.array());
        return tables;
    }

    /** @return store tables in a new schema of the test's own */
    private StoreTables inNewSchema(String stem) throws SQLException {
        return tracked(StoreTables.defaults().inSchema(schema(stem)));
    }

    /** @return the number of rows of a table, read with plain SQL */
    private long rows(TableSpec table) {
        return await(broker().transact(s -> {
            Dialect d = s.dialect();
            if (!d.tableExists(s.connection(), table)) {
                return -1L;
            }
            return s.first(Long.class, "SELECT COUNT(*) FROM " + d.qualifiedName(table)).orElseThrow();
        }));
    }

    @Test
    public void theSameIdInTwoSchemasIsTwoStores() throws SQLException {
        StoreTables first = inNewSchema("first");
        StoreTables second = inNewSchema("second");
        PersistentDict<String, Object> a = Stores.dict(broker(), "users", first);
        PersistentDict<String, Object> b = Stores.dict(broker(), "users", second);
        a.put("ada", "in the first schema");
        b.put("ada", "in the second schema");
        b.put("alan", 1912);
        await(a.flush());
        await(b.flush());

        Broker next = newBroker();
        assertEquals(Map.of("ada", "in the first schema"), await(Stores.dict(next, "users", first).copy()));
        assertEquals(Map.of("ada", "in the second schema", "alan", 1912),
                await(Stores.dict(next, "users", second).copy()));
        assertEquals(-1, rows(StoreTables.defaults().items()), "the default table was never created");

        await(Stores.dict(next, "users", first).clear());
        assertEquals(2, await(Stores.dict(next, "users", second).size()), "clearing one leaves the other");
    }

    @Test
    public void theSameIdInTwoTablesIsTwoStoresAndItemsShareTheirDictsTable() {
        StoreTables app = tracked(StoreTables.defaults().withItems(table("items")).withArray(table("array")));
        PersistentDict<String, Object> mine = Stores.dict(broker(), "settings", app);
        PersistentDict<String, Object> theirs = Stores.dict(broker(), "settings");
        await(mine.put("theme", "dark"));
        await(theirs.put("theme", "light"));

        Items<String, Object> sameTable = Stores.items(newBroker(), "settings", app);
        assertEquals(Optional.of("dark"), await(sameTable.load("theme")), "items and dict of one id share a table");
        assertEquals(Optional.of("light"), await(Stores.items(newBroker(), "settings").load("theme")));
        assertEquals(1, rows(app.items()));
        assertEquals(1, rows(StoreTables.defaults().items()));
    }

    @Test
    public void arraysLiveInTheirSchemaToo() throws SQLException {
        StoreTables tables = tracked(StoreTables.defaults().inSchema(schema("arrays")).withArray("boards"));
        PersistentArray<String> board = Stores.array(broker(), "game", tables, Codecs.standard(String.class));
        await(board.set(3, 4, null, "knight"));
        assertEquals("knight", await(Stores.array(newBroker(), "game", tables, Codecs.standard(String.class))
                .get(3, 4, null)));
        assertEquals(1, rows(tables.array()));
        assertEquals(-1, rows(StoreTables.defaults().array()));
    }

    @Test
    public void rowsKeepTheGroupIdOfTheirStoreWhereverTheyAre() throws SQLException {
        StoreTables tables = inNewSchema("groups");
        await(Stores.dict(broker(), "users", tables).put("ada", 1815));
        List<Long> groups = await(broker().sql(Long.class,
                "SELECT group_id FROM " + broker().dialect().qualifiedName(tables.items())));
        assertEquals(List.of(Stores.groupId("users")), groups);
    }

    @Test
    public void quotedNamesAreKeptExactly() throws SQLException {
        StoreTables tables = tracked(StoreTables.defaults().inSchema(schema("quoted")).withItems("Mixed Case Items"));
        await(Stores.dict(broker(), "users", tables).put("ada", 1815));
        assertEquals(Optional.of(1815), await(Stores.items(newBroker(), "users", tables).load("ada")));
        assertEquals(1, rows(tables.items()));
    }

    @Test
    public void aMissingSchemaFailsClearlyCreatesNothingAndIsUsedOnceItExists() throws SQLException {
        String late = schema("late");
        await(broker().update(dropSchemaStatement(dialect().quote(late))));
        StoreTables tables = tracked(StoreTables.defaults().inSchema(late));
        Broker failing = newBroker();
        PersistentDict<String, Object> dict = Stores.dict(failing, "users", tables);

        DatabaseException e = assertInstanceOf(DatabaseException.class, failure(dict.put("ada", 1815)));
        assertTrue(e.getMessage().contains("schema " + late + " does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("store 'users'"), e.getMessage());
        assertInstanceOf(DatabaseException.class, failure(Stores.items(broker(), "users", tables).load("ada")));
        assertInstanceOf(DatabaseException.class, failure(Stores.array(broker(), "users", tables).get(1, 2, 3)));
        boolean created = await(broker().transact(s -> s.dialect().schemaExists(s.connection(), late)));
        assertFalse(created, "the schema was not created (Derby would have, with the table)");
        Throwable shutdown = failure(failing.shutdown());
        assertTrue(String.valueOf(shutdown.getMessage()).contains("does not exist"),
                "like any failed write, the put fails the shutdown of its broker: " + shutdown);

        await(broker().update("CREATE SCHEMA " + dialect().quote(late)));
        await(Stores.dict(broker(), "users", tables).put("alan", 1912));
        assertEquals(Optional.of(1912), await(Stores.items(newBroker(), "users", tables).load("alan")),
                "the store makes its table once the schema is there");
    }

    @Test
    public void storesCreatingTheirTableAtOnceAllSucceed() throws SQLException {
        StoreTables tables = inNewSchema("race");
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            puts.add(Stores.dict(newBroker(), "racer-" + i, tables).put("k", i));
        }
        await(CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)));
        assertEquals(6, rows(tables.items()));
    }

    @Test
    public void aBadTableNameFailsTheCallThatMakesTheStore() {
        IllegalArgumentException dot = assertThrows(IllegalArgumentException.class,
                () -> Stores.dict(broker(), "users", StoreTables.defaults().withItems("app.items")));
        assertTrue(dot.getMessage().contains("inSchema"), dot.getMessage());
        IllegalArgumentException tab = assertThrows(IllegalArgumentException.class,
                () -> Stores.dict(broker(), "users", StoreTables.defaults().withItems("users\titems")));
        assertTrue(tab.getMessage().startsWith("bad store items table name: table name contains a control character"),
                tab.getMessage());
        assertThrows(NullPointerException.class, () -> Stores.dict(broker(), "users", (StoreTables) null));
        assertThrows(NullPointerException.class, () -> Stores.items(broker(), "users", (StoreTables) null));
        assertThrows(NullPointerException.class, () -> Stores.array(broker(), "users", (StoreTables) null));
    }
}
