package io.sasync.tests;

import static io.sasync.tests.DatabaseFixture.await;
import static io.sasync.tests.DatabaseFixture.failure;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.BrokerShutdownException;
import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.DatabaseConfig;
import io.sasync.Priority;
import io.sasync.Row;
import io.sasync.TableSpec;
import io.sasync.core.AccessBroker;
import io.sasync.spi.Dialect;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Bad and hostile input on every database: names full of SQL metacharacters, quotes and unicode
 * are either refused before any SQL runs or quoted so that they are only ever names; refused
 * calls say what and why and leave stored data as it was.
 */
abstract class BadInputContract {

    private static final String ALPHABET = "abcXYZ_019 '\";--/*)(%?\\.,éß世界🚀";

    private DatabaseFixture db;
    private AccessBroker broker;
    private Dialect dialect;

    abstract TestDatabase database();

    @BeforeEach
    void open() {
        db = new DatabaseFixture(database(), 2);
        broker = db.broker();
        dialect = db.dialect();
    }

    @AfterEach
    void close() throws Exception {
        db.close();
    }

    private static String randomName(Random random) {
        StringBuilder name = new StringBuilder();
        int length = 1 + random.nextInt(12);
        while (name.length() < length) {
            name.appendCodePoint(ALPHABET.codePointAt(ALPHABET.offsetByCodePoints(0,
                    random.nextInt(ALPHABET.codePointCount(0, ALPHABET.length())))));
        }
        return name.toString();
    }

    @Test
    void hostileNamesAreOnlyEverNames() throws Exception {
        String sentinel = db.table("sentinel");
        await(broker.update("CREATE TABLE " + sentinel + " (x INTEGER)"));
        await(broker.update("INSERT INTO " + sentinel + " VALUES (1)"));
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        for (int i = 0; i < 12; i++) {
            String table = db.track(db.table("h") + randomName(random));
            String column = randomName(random);
            String where = "seed " + seed + ", table [" + table + "], column [" + column + "]";
            if (table.getBytes(StandardCharsets.UTF_8).length > 63 || column.isBlank()) {
                assertThrows(IllegalArgumentException.class, () -> TableSpec.builder(table)
                        .column(Column.of(column, ColumnType.VARCHAR)).build(), where);
                continue;
            }
            TableSpec spec = TableSpec.builder(table)
                    .column(Column.of("id", ColumnType.INTEGER).asPrimaryKey())
                    .column(Column.of(column.equalsIgnoreCase("id") ? column + "2" : column, ColumnType.VARCHAR))
                    .build();
            String valueColumn = spec.columns().get(1).name();
            await(broker.table(spec));
            String value = randomName(random) + "'); DROP TABLE " + sentinel + "; --";
            await(broker.update("INSERT INTO " + dialect.quote(table) + " (id, " + dialect.quote(valueColumn)
                    + ") VALUES (?, ?)", 1, value));
            Row row = await(broker.sql("SELECT * FROM " + dialect.quote(table))).get(0);
            assertEquals(value, row.get(valueColumn), where);
            boolean exists = await(broker.transact(s -> dialect.tableExists(s.connection(), table)));
            assertTrue(exists, where);
        }
        assertEquals(1, await(broker.sql("SELECT x FROM " + sentinel)).size(), "seed " + seed);
    }

    @Test
    void hostileStoreIdsAndKeysRoundTripVerbatim() throws Exception {
        long seed = new Random().nextLong();
        Random random = new Random(seed);
        java.util.Map<String, String> written = new java.util.HashMap<>();
        String id = randomName(random) + "'; DROP TABLE sasync_items; --" + randomName(random);
        io.sasync.store.Items<String, Object> items = io.sasync.persistence.Stores.items(broker, id);
        for (int i = 0; i < 20; i++) {
            String key = randomName(random) + i;
            String value = randomName(random);
            await(items.update(key, value));
            written.put(key, value);
        }
        assertEquals(written, await(items.loadAll()), "seed " + seed);
        io.sasync.store.Items<String, Object> neighbour = io.sasync.persistence.Stores.items(broker, id + " ");
        assertEquals(java.util.Map.of(), await(neighbour.loadAll()), "a store id differing by one space sees nothing");
        await(broker.transact(s -> {
            for (String table : List.of("sasync_items")) {
                if (dialect.tableExists(s.connection(), table)) {
                    s.update("DROP TABLE " + dialect.quote(table));
                }
            }
            return null;
        }));
    }

    @Test
    void refusedCallsSayWhatAndWhyAndLoseNothing() throws Exception {
        String table = db.table("kept");
        await(broker.update("CREATE TABLE " + table + " (x INTEGER)"));
        await(broker.update("INSERT INTO " + table + " VALUES (1)"));
        AccessBroker keeper = db.broker(); // keeps an in-memory database alive past the first broker's shutdown
        await(keeper.whenRunning());

        IllegalArgumentException niceness = assertThrows(IllegalArgumentException.class,
                () -> broker.transact(Priority.of(42), s -> 1));
        assertTrue(niceness.getMessage().contains("42"), niceness.getMessage());
        assertThrows(NullPointerException.class, () -> broker.transact(null));
        assertThrows(NullPointerException.class, () -> broker.sql(null));
        IllegalArgumentException longName = assertThrows(IllegalArgumentException.class,
                () -> TableSpec.builder("n".repeat(64)));
        assertTrue(longName.getMessage().contains("64 bytes"), longName.getMessage());

        await(broker.shutdown());
        BrokerShutdownException late = assertInstanceOf(BrokerShutdownException.class,
                failure(broker.update("DELETE FROM " + table)));
        assertTrue(late.getMessage().contains("shut down"), late.getMessage());

        assertEquals(1, await(keeper.sql("SELECT x FROM " + table)).size(), "the refused calls changed nothing");
    }

    @Test
    void noPasswordInTheLogs() throws Exception {
        String secret = "s3cr3t-" + Long.toHexString(new Random().nextLong());
        DatabaseConfig config = db.config().toBuilder().password(secret).driverProperty("password", secret).build();
        java.io.PrintStream original = System.err;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        System.setErr(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            AccessBroker failing = new AccessBroker(config) {
                @Override
                protected void first(io.sasync.Session session) {
                    throw new IllegalStateException("start-up fails, and the broker logs it");
                }
            };
            failure(failing.whenRunning());
            failing.shutdown().handle((v, e) -> null).get(60, java.util.concurrent.TimeUnit.SECONDS);
        } finally {
            System.setErr(original);
        }
        String logs = captured.toString(StandardCharsets.UTF_8);
        assertTrue(logs.contains("failed to start"), "the failure was logged: " + logs);
        assertFalse(logs.contains(secret), logs);
    }

    @Test
    void noPasswordInMessagesOrStrings() throws Exception {
        String secret = "s3cr3t-" + Long.toHexString(new Random().nextLong());
        DatabaseConfig config = db.config().toBuilder().password(secret)
                .driverProperty("password", secret).build();
        assertFalse(config.toString().contains(secret), config.toString());
        AccessBroker withSecret = new AccessBroker(config);
        try {
            assertFalse(withSecret.toString().contains(secret));
            Throwable failure = failure(withSecret.sql("SELECT * FROM no_such_table_anywhere"));
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertFalse(String.valueOf(t.getMessage()).contains(secret), t.toString());
            }
        } finally {
            withSecret.shutdown().handle((v, e) -> null).get(60, java.util.concurrent.TimeUnit.SECONDS);
        }
    }
}
