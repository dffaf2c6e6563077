package io.sasync.tests;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.Broker;
import io.sasync.DatabaseConfig;
import io.sasync.DatabaseException;
import io.sasync.TableSpec;
import io.sasync.core.AccessBroker;
import io.sasync.persistence.Codecs;
import io.sasync.persistence.StoreTables;
import io.sasync.persistence.Stores;
import io.sasync.spi.Dialect;
import io.sasync.store.Items;
import io.sasync.store.PersistentArray;
import io.sasync.store.PersistentDict;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Stores in tables of their own ({@link StoreTables}) on every database: the same id in two
 * schemas, or in two tables, is two stores that never see each other's rows, the default tables
 * are untouched by either, the rows carry the same group id wherever they are, and a missing
 * schema fails clearly without creating anything. Each database runs it through a subclass that
 * gives it a database and makes its schemas.
 */
abstract class StoreTablesContract {

    private final List<Broker> brokers = new ArrayList<>();
    private DatabaseConfig config;
    private Broker broker;

    /** @return a database of the test's own; on a shared server, connections work in a schema of the test's own */
    abstract DatabaseConfig newDatabase() throws Exception;

    /**
     * @param stem what the schema is for
     * @return the name of a new, empty schema, released by {@link #release()}
     */
    abstract String newSchema(String stem) throws Exception;

    /** Drops what {@link #newDatabase()} and {@link #newSchema} made, once every broker is shut down. */
    void release() throws Exception {
    }

    @BeforeEach
    void open() throws Exception {
        config = newDatabase();
        broker = openBroker();
    }

    @AfterEach
    void close() throws Exception {
        try {
            for (Broker b : brokers) {
                b.shutdown().get(60, SECONDS);
            }
        } finally {
            release();
        }
    }

    private Broker openBroker() {
        Broker b = new AccessBroker(config);
        brokers.add(b);
        return b;
    }

    static <T> T await(CompletionStage<T> stage) throws Exception {
        return stage.toCompletableFuture().get(60, SECONDS);
    }

    private static Throwable failure(CompletionStage<?> stage) {
        return assertThrows(ExecutionException.class, () -> await(stage)).getCause();
    }

    /** @return the number of rows of a table, read with plain SQL */
    private long rows(TableSpec table) throws Exception {
        return await(broker.transact(s -> {
            Dialect d = s.dialect();
            if (!d.tableExists(s.connection(), table)) {
                return -1L;
            }
            return s.first(Long.class, "SELECT COUNT(*) FROM " + d.qualifiedName(table)).orElseThrow();
        }));
    }

    @Test
    void theSameIdInTwoSchemasIsTwoStores() throws Exception {
        StoreTables first = StoreTables.defaults().inSchema(newSchema("first"));
        StoreTables second = StoreTables.defaults().inSchema(newSchema("second"));
        PersistentDict<String, Object> a = Stores.dict(broker, "users", first);
        PersistentDict<String, Object> b = Stores.dict(broker, "users", second);
        a.put("ada", "in the first schema");
        b.put("ada", "in the second schema");
        b.put("alan", 1912);
        await(a.flush());
        await(b.flush());

        Broker next = openBroker();
        assertEquals(Map.of("ada", "in the first schema"), await(Stores.dict(next, "users", first).copy()));
        assertEquals(Map.of("ada", "in the second schema", "alan", 1912),
                await(Stores.dict(next, "users", second).copy()));
        assertEquals(-1, rows(StoreTables.defaults().items()), "the default table was never created");

        await(Stores.dict(next, "users", first).clear());
        assertEquals(2, await(Stores.dict(next, "users", second).size()), "clearing one leaves the other");
    }

    @Test
    void theSameIdInTwoTablesIsTwoStoresAndItemsShareTheirDictsTable() throws Exception {
        StoreTables app = StoreTables.defaults().withItems("app_items").withArray("app_array");
        PersistentDict<String, Object> mine = Stores.dict(broker, "settings", app);
        PersistentDict<String, Object> theirs = Stores.dict(broker, "settings");
        await(mine.put("theme", "dark"));
        await(theirs.put("theme", "light"));

        Items<String, Object> sameTable = Stores.items(openBroker(), "settings", app);
        assertEquals(Optional.of("dark"), await(sameTable.load("theme")), "items and dict of one id share a table");
        assertEquals(Optional.of("light"), await(Stores.items(openBroker(), "settings").load("theme")));
        assertEquals(1, rows(app.items()));
        assertEquals(1, rows(StoreTables.defaults().items()));
    }

    @Test
    void arraysLiveInTheirSchemaToo() throws Exception {
        StoreTables tables = StoreTables.defaults().inSchema(newSchema("arrays")).withArray("boards");
        PersistentArray<String> board = Stores.array(broker, "game", tables, Codecs.standard(String.class));
        await(board.set(3, 4, null, "knight"));
        assertEquals("knight", await(Stores.array(openBroker(), "game", tables, Codecs.standard(String.class))
                .get(3, 4, null)));
        assertEquals(1, rows(tables.array()));
        assertEquals(-1, rows(StoreTables.defaults().array()));
    }

    @Test
    void rowsKeepTheGroupIdOfTheirStoreWhereverTheyAre() throws Exception {
        StoreTables tables = StoreTables.defaults().inSchema(newSchema("groups"));
        await(Stores.dict(broker, "users", tables).put("ada", 1815));
        List<Long> groups = await(broker.sql(Long.class,
                "SELECT group_id FROM " + broker.dialect().qualifiedName(tables.items())));
        assertEquals(List.of(Stores.groupId("users")), groups);
    }

    @Test
    void quotedNamesAreKeptExactly() throws Exception {
        StoreTables tables = StoreTables.defaults().inSchema(newSchema("quoted")).withItems("Mixed Case Items");
        await(Stores.dict(broker, "users", tables).put("ada", 1815));
        assertEquals(Optional.of(1815), await(Stores.items(openBroker(), "users", tables).load("ada")));
        assertEquals(1, rows(tables.items()));
    }

    @Test
    void aMissingSchemaFailsClearlyCreatesNothingAndIsUsedOnceItExists() throws Exception {
        String late = newSchema("late");
        await(broker.update("DROP SCHEMA " + late + " RESTRICT"));
        StoreTables tables = StoreTables.defaults().inSchema(late);
        Broker failing = new AccessBroker(config);
        PersistentDict<String, Object> dict = Stores.dict(failing, "users", tables);

        DatabaseException e = assertInstanceOf(DatabaseException.class, failure(dict.put("ada", 1815)));
        assertTrue(e.getMessage().contains("schema " + late + " does not exist"), e.getMessage());
        assertTrue(e.getMessage().contains("store 'users'"), e.getMessage());
        assertInstanceOf(DatabaseException.class, failure(Stores.items(broker, "users", tables).load("ada")));
        assertInstanceOf(DatabaseException.class, failure(Stores.array(broker, "users", tables).get(1, 2, 3)));
        boolean created = await(broker.transact(s -> s.dialect().schemaExists(s.connection(), late)));
        assertFalse(created, "the schema was not created (Derby would have, with the table)");
        Throwable shutdown = failure(failing.shutdown());
        assertTrue(String.valueOf(shutdown.getMessage()).contains("does not exist"),
                "like any failed write, the put fails the shutdown of its broker: " + shutdown);

        await(broker.update("CREATE SCHEMA " + late));
        await(Stores.dict(broker, "users", tables).put("alan", 1912));
        assertEquals(Optional.of(1912), await(Stores.items(openBroker(), "users", tables).load("alan")),
                "the store makes its table once the schema is there");
    }

    @Test
    void storesCreatingTheirTableAtOnceAllSucceed() throws Exception {
        StoreTables tables = StoreTables.defaults().inSchema(newSchema("race"));
        List<CompletableFuture<Void>> puts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            puts.add(Stores.dict(openBroker(), "racer-" + i, tables).put("k", i));
        }
        await(CompletableFuture.allOf(puts.toArray(CompletableFuture[]::new)));
        assertEquals(6, rows(tables.items()));
    }

    @Test
    void aBadTableNameFailsWhenTheTablesAreMade() {
        IllegalArgumentException dot = assertThrows(IllegalArgumentException.class,
                () -> Stores.dict(broker, "users", StoreTables.defaults().withItems("app.items")));
        assertTrue(dot.getMessage().contains("inSchema"), dot.getMessage());
    }
}
