package io.sasync.tests;

import static io.sasync.tests.DatabaseFixture.await;
import static io.sasync.tests.DatabaseFixture.failure;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sasync.BrokerShutdownException;
import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.IndexSpec;
import io.sasync.Priority;
import io.sasync.Row;
import io.sasync.TableSpec;
import io.sasync.TransactionException;
import io.sasync.core.AccessBroker;
import io.sasync.TaskQueue;
import io.sasync.spi.Dialect;
import io.sasync.spi.Upsert;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every database must do through the broker: transactions, nesting, shutdown, DDL, types,
 * keys, upserts, error classification and quoting. Each database runs it through a subclass that
 * names it in {@link #database()}.
 */
abstract class BrokerContract {

    protected DatabaseFixture db;
    protected AccessBroker broker;
    protected Dialect dialect;

    /** @return the database this run of the contract is against */
    abstract TestDatabase database();

    @BeforeEach
    void open() {
        db = new DatabaseFixture(database(), 4);
        broker = db.broker();
        dialect = db.dialect();
    }

    @AfterEach
    void close() throws Exception {
        if (db != null) {
            db.close();
        }
    }

    private String q(String identifier) {
        return dialect.quote(identifier);
    }

    private String people() throws Exception {
        String table = db.table("people");
        await(broker.table(TableSpec.builder(table)
                .column(Column.identity("id"))
                .column(Column.of("name", ColumnType.VARCHAR).withSize(40).notNull())
                .index(IndexSpec.unique(table + "_name", "name"))
                .build()));
        return table;
    }

    @Test
    void commitsAndRollsBack() throws Exception {
        String people = people();
        await(broker.update("INSERT INTO " + people + " (name) VALUES (?)", "Ann"));
        RuntimeException boom = new IllegalStateException("boom");
        TransactionException te = assertInstanceOf(TransactionException.class, failure(broker.transact(s -> {
            s.update("INSERT INTO " + people + " (name) VALUES (?)", "Bob");
            throw boom;
        })));
        assertSame(boom, te.getCause());
        List<Row> rows = await(broker.sql("SELECT name FROM " + people));
        assertEquals(List.of("Ann"), rows.stream().map(r -> r.get("name", String.class)).toList());
    }

    @Test
    void nestedWorkRunsInlineInTheSameTransaction() throws Exception {
        String people = people();
        long count = await(broker.transact(outer -> {
            outer.update("INSERT INTO " + people + " (name) VALUES (?)", "Ann");
            CompletableFuture<Long> nested = broker.transact(s ->
                    s.first("SELECT COUNT(*) FROM " + people).orElseThrow().get(0, Long.class));
            assertTrue(nested.isDone());
            return nested.join();
        }));
        assertEquals(1, count);
    }

    @Test
    void generatedKeysComeBackAsLongs() throws Exception {
        String people = people();
        List<Object> keys = await(broker.transact(s -> {
            List<Object> k = new ArrayList<>();
            for (String name : List.of("Ann", "Bob", "Cy")) {
                k.add(s.insert("INSERT INTO " + people + " (name) VALUES (?)", "id", name));
            }
            return k;
        }));
        assertEquals(3, keys.size());
        assertTrue(keys.stream().allMatch(Long.class::isInstance), keys.toString());
        assertTrue((Long) keys.get(0) < (Long) keys.get(1) && (Long) keys.get(1) < (Long) keys.get(2), keys.toString());
        Row bob = await(broker.sql("SELECT name FROM " + people + " WHERE id = ?", keys.get(1))).get(0);
        assertEquals("Bob", bob.get("name"));
    }

    @Test
    void aUniqueIndexRejectsADuplicateClassifiedAsDuplicateKey() throws Exception {
        String people = people();
        await(broker.update("INSERT INTO " + people + " (name) VALUES (?)", "Ann"));
        TransactionException te = assertInstanceOf(TransactionException.class,
                failure(broker.update("INSERT INTO " + people + " (name) VALUES (?)", "Ann")));
        assertTrue(dialect.isDuplicateKey((SQLException) te.getCause()), te.getMessage());
        assertFalse(te.isRetryable());
        assertTrue(te.sqlState().isPresent());
    }

    @Test
    void tablesAndIndexesAreCreatedOnceEvenConcurrently() throws Exception {
        String table = db.table("things");
        TableSpec spec = TableSpec.builder(table)
                .column(Column.identity("id"))
                .column(Column.of("label", ColumnType.VARCHAR).withSize(20).notNull())
                .column(Column.of("rank", ColumnType.INTEGER))
                .index(IndexSpec.unique(table + "_label", "label"))
                .index(IndexSpec.of(table + "_rank", "rank"))
                .build();
        AccessBroker other = db.broker();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add((i % 2 == 0 ? broker : other).table(spec));
        }
        await(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)));
        await(broker.table(spec));
        boolean tableExists = await(broker.transact(s -> dialect.tableExists(s.connection(), table)));
        boolean indexExists = await(broker.transact(s -> dialect.indexExists(s.connection(), table, table + "_rank")));
        assertTrue(tableExists && indexExists);
        await(broker.update("INSERT INTO " + table + " (label, " + q("rank") + ") VALUES (?, ?)", "a", 1));
        assertInstanceOf(TransactionException.class,
                failure(broker.update("INSERT INTO " + table + " (label) VALUES (?)", "a")));
    }

    @Test
    void upsertInsertsThenUpdates() throws Exception {
        String table = db.table("kv");
        TableSpec spec = TableSpec.builder(table)
                .column(Column.of("grp", ColumnType.BIGINT).asPrimaryKey())
                .column(Column.of("k", ColumnType.VARCHAR).withSize(50).asPrimaryKey())
                .column(Column.of("v", ColumnType.BLOB))
                .column(Column.of("n", ColumnType.INTEGER))
                .build();
        await(broker.table(spec));
        Upsert upsert = dialect.upsert(spec, List.of("grp", "k"), List.of("v", "n"));
        await(broker.transact(s -> s.update(upsert.sql(), upsert.arrange(new Object[] {1L, "a", new byte[] {1}, 1}))));
        await(broker.transact(s -> s.batch(upsert.sql(), List.of(
                upsert.arrange(new Object[] {1L, "a", new byte[] {2}, 2}),
                upsert.arrange(new Object[] {1L, "b", new byte[] {3}, 3})))));
        List<Row> rows = await(broker.sql("SELECT k, v, n FROM " + table + " ORDER BY k"));
        assertEquals(2, rows.size());
        assertArrayEquals(new byte[] {2}, rows.get(0).get("v", byte[].class));
        assertEquals(2, rows.get(0).get("n", Integer.class));
        assertEquals("b", rows.get(1).get("k"));
        Upsert keysOnly = dialect.upsert(spec, List.of("grp", "k"), List.of());
        await(broker.transact(s -> s.update(keysOnly.sql(), keysOnly.arrange(new Object[] {1L, "a"}))));
        await(broker.transact(s -> s.update(keysOnly.sql(), keysOnly.arrange(new Object[] {2L, "z"}))));
        assertEquals(3, await(broker.sql("SELECT k FROM " + table)).size());
    }

    @Test
    void everyColumnTypeRoundTrips() throws Exception {
        String table = db.table("types");
        TableSpec spec = TableSpec.builder(table)
                .column(Column.of("id", ColumnType.INTEGER).asPrimaryKey())
                .column(Column.of("b", ColumnType.BOOLEAN))
                .column(Column.of("i", ColumnType.INTEGER))
                .column(Column.of("l", ColumnType.BIGINT))
                .column(Column.of("d", ColumnType.DOUBLE))
                .column(Column.of("m", ColumnType.DECIMAL).withSize(31).withScale(6))
                .column(Column.of("s", ColumnType.VARCHAR).withSize(100))
                .column(Column.of("t", ColumnType.TEXT))
                .column(Column.of("x", ColumnType.BLOB))
                .column(Column.of("dt", ColumnType.DATE))
                .column(Column.of("ts", ColumnType.TIMESTAMP))
                .build();
        await(broker.table(spec));
        byte[] mebibyte = new byte[1 << 20];
        new Random(42).nextBytes(mebibyte);
        String unicode = "Grüße, 世界! ☕ \uD83D\uDE80 'quoted' \"double\" \\ back";
        String longText = unicode.repeat(2000);
        List<Object[]> rows = List.of(
                new Object[] {1, null, null, null, null, null, null, null, null, null, null},
                new Object[] {2, true, Integer.MAX_VALUE, Long.MAX_VALUE, Double.MAX_VALUE,
                    new BigDecimal("9999999999999999999999999.999999"), unicode, longText, mebibyte,
                    LocalDate.of(9999, 12, 31), LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000)},
                new Object[] {3, false, Integer.MIN_VALUE, Long.MIN_VALUE, -Double.MIN_VALUE,
                    new BigDecimal("-0.000001"), "", "", new byte[0],
                    LocalDate.of(1, 1, 1), LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000)});
        String insert = "INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        await(broker.transact(s -> s.batch(insert, rows)));
        List<Row> back = await(broker.sql("SELECT * FROM " + table + " ORDER BY id"));
        assertEquals(3, back.size());
        for (int r = 0; r < rows.size(); r++) {
            Object[] expected = rows.get(r);
            Row row = back.get(r);
            assertEquals(expected[1], row.get("b", Boolean.class), "boolean of row " + r);
            assertEquals(expected[2], row.get("i", Integer.class), "integer of row " + r);
            assertEquals(expected[3], row.get("l", Long.class), "bigint of row " + r);
            assertEquals(expected[4], row.get("d", Double.class), "double of row " + r);
            BigDecimal m = row.get("m", BigDecimal.class);
            assertTrue(expected[5] == null ? m == null : ((BigDecimal) expected[5]).compareTo(m) == 0,
                    "decimal of row " + r + ": " + m);
            assertEquals(expected[6], row.get("s", String.class), "varchar of row " + r);
            assertEquals(expected[7], row.get("t", String.class), "text of row " + r);
            if (expected[8] == null) {
                assertNull(row.get("x"));
            } else {
                assertArrayEquals((byte[]) expected[8], row.get("x", byte[].class), "blob of row " + r);
            }
            assertEquals(expected[9], row.get("dt", LocalDate.class), "date of row " + r);
            assertEquals(expected[10], row.get("ts", LocalDateTime.class), "timestamp of row " + r);
        }
    }

    @Test
    void identifiersThatNeedQuotingWork() throws Exception {
        String table = db.track(db.table("Mixed") + " it's \"odd\" café");
        TableSpec spec = TableSpec.builder(table)
                .column(Column.of("select", ColumnType.INTEGER).asPrimaryKey())
                .column(Column.of("Weird \"col\"", ColumnType.VARCHAR).withSize(10))
                .column(Column.of("value", ColumnType.VARCHAR).withSize(10))
                .index(IndexSpec.unique("Idx \"" + Math.abs(table.hashCode()), "Weird \"col\""))
                .build();
        await(broker.table(spec));
        await(broker.table(spec));
        boolean exists = await(broker.transact(s -> dialect.tableExists(s.connection(), table)));
        assertTrue(exists);
        String insert = "INSERT INTO " + q(table) + " (" + q("select") + ", " + q("Weird \"col\"") + ", "
                + q("value") + ") VALUES (?, ?, ?)";
        await(broker.update(insert, 1, "x'; DROP", "v"));
        Row row = await(broker.sql("SELECT * FROM " + q(table))).get(0);
        assertEquals("x'; DROP", row.get("Weird \"col\""));
        assertEquals("v", row.get("value"));
        assertEquals(1, row.get("select", Integer.class));
    }

    @Test
    void shutdownLetsQueuedWorkFinishAndLeavesNothingOpen() throws Exception {
        String people = people();
        TaskQueue queue = db.queue();
        AccessBroker keeper = db.broker();
        await(keeper.whenRunning());
        CountDownLatch blocker = new CountDownLatch(1);
        List<CompletableFuture<Integer>> accepted = new ArrayList<>();
        accepted.add(broker.transact(Priority.NEXT, s -> {
            blocker.await(30, TimeUnit.SECONDS);
            return 0;
        }));
        for (int i = 0; i < 30; i++) {
            String name = "p" + i;
            accepted.add(broker.update("INSERT INTO " + people + " (name) VALUES (?)", name));
        }
        CompletableFuture<Void> shutdown = broker.shutdown();
        assertInstanceOf(BrokerShutdownException.class, failure(broker.sql("SELECT 1 FROM " + people)));
        blocker.countDown();
        await(shutdown);
        assertTrue(accepted.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()));
        assertTrue(queue.isRunning(), "the queue stays open while another broker uses it");
        assertEquals(30, await(keeper.sql("SELECT name FROM " + people)).size());
        await(keeper.shutdown());
        assertFalse(queue.isRunning(), "the last broker's shutdown closes the queue");
        assertEquals(0, queue.stats().poolActive());
        assertEquals(0, queue.stats().workers());
    }

    @Test
    void aBadStatementFailsOnlyItsOwnTransaction() throws Exception {
        String people = people();
        List<CompletableFuture<?>> mixed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            mixed.add(i % 5 == 0
                    ? broker.update("INSERT INTO no_such_table_" + i + " VALUES (1)")
                    : broker.update("INSERT INTO " + people + " (name) VALUES (?)", "p" + i));
        }
        long failed = mixed.stream().filter(f -> {
            try {
                await(f);
                return false;
            } catch (Exception e) {
                return true;
            }
        }).count();
        assertEquals(4, failed);
        assertEquals(16, await(broker.sql("SELECT * FROM " + people)).size());
    }
}
