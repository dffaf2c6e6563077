package io.sasync.testkit;

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
import io.sasync.TaskQueue;
import io.sasync.TransactionException;
import io.sasync.core.AccessBroker;
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
import org.junit.jupiter.api.Test;

/**
 * What every database must do through the broker: transactions, nesting, shutdown, DDL, types,
 * keys, upserts, error classification and quoting. A test class extends it and implements
 * {@link #newDatabase()} (see {@link DatabaseUnderTest} for the other hooks). Uses
 * {@link Capability#TRANSACTIONAL_DDL} and {@link Capability#LARGE_OBJECTS} where the database has
 * them.
 *
 * <pre>{@code
 * class MyDbBrokerTest extends BrokerContract {
 *     @Override
 *     public DatabaseConfig.Builder newDatabase() {
 *         return DatabaseConfig.builder("jdbc:mydb:mem:" + UUID.randomUUID());
 *     }
 * }
 * }</pre>
 */
public abstract class BrokerContract extends ContractSupport {

    /** For subclasses. */
    protected BrokerContract() {
    }

    /** @return 4: the checks run several transactions at once */
    @Override
    protected int maxConnections() {
        return 4;
    }

    private String q(String identifier) {
        return dialect().quote(identifier);
    }

    private String people() throws Exception {
        String table = table("people");
        await(broker().table(TableSpec.builder(table)
                .column(Column.identity("id"))
                .column(Column.of("name", ColumnType.VARCHAR).withSize(40).notNull())
                .index(IndexSpec.unique(table + "_name", "name"))
                .build()));
        return table;
    }

    @Test
    public void commitsAndRollsBack() throws Exception {
        String people = people();
        await(broker().update("INSERT INTO " + people + " (name) VALUES (?)", "Ann"));
        RuntimeException boom = new IllegalStateException("boom");
        TransactionException te = assertInstanceOf(TransactionException.class, failure(broker().transact(s -> {
            s.update("INSERT INTO " + people + " (name) VALUES (?)", "Bob");
            throw boom;
        })));
        assertSame(boom, te.getCause());
        List<Row> rows = await(broker().sql("SELECT name FROM " + people));
        assertEquals(List.of("Ann"), rows.stream().map(r -> r.get("name", String.class)).toList());
    }

    @Test
    public void nestedWorkRunsInlineInTheSameTransaction() throws Exception {
        String people = people();
        long count = await(broker().transact(outer -> {
            outer.update("INSERT INTO " + people + " (name) VALUES (?)", "Ann");
            CompletableFuture<Long> nested = broker().transact(s ->
                    s.first("SELECT COUNT(*) FROM " + people).orElseThrow().get(0, Long.class));
            assertTrue(nested.isDone());
            return nested.join();
        }));
        assertEquals(1, count);
    }

    @Test
    public void generatedKeysComeBackAsLongs() throws Exception {
        String people = people();
        List<Object> keys = await(broker().transact(s -> {
            List<Object> k = new ArrayList<>();
            for (String name : List.of("Ann", "Bob", "Cy")) {
                k.add(s.insert("INSERT INTO " + people + " (name) VALUES (?)", "id", name));
            }
            return k;
        }));
        assertEquals(3, keys.size());
        assertTrue(keys.stream().allMatch(Long.class::isInstance), keys.toString());
        assertTrue((Long) keys.get(0) < (Long) keys.get(1) && (Long) keys.get(1) < (Long) keys.get(2), keys.toString());
        Row bob = await(broker().sql("SELECT name FROM " + people + " WHERE id = ?", keys.get(1))).get(0);
        assertEquals("Bob", bob.get("name"));
    }

    @Test
    public void aUniqueIndexRejectsADuplicateClassifiedAsDuplicateKey() throws Exception {
        String people = people();
        await(broker().update("INSERT INTO " + people + " (name) VALUES (?)", "Ann"));
        TransactionException te = assertInstanceOf(TransactionException.class,
                failure(broker().update("INSERT INTO " + people + " (name) VALUES (?)", "Ann")));
        assertTrue(dialect().isDuplicateKey((SQLException) te.getCause()), te.getMessage());
        assertFalse(te.isRetryable());
        if (has(Capability.SQL_STATES)) {
            assertTrue(te.sqlState().isPresent(), te.getMessage());
        } else {
            assertTrue(te.vendorCode() != 0, "without a SQL state, the vendor code is reported: " + te.getMessage());
        }
    }

    @Test
    public void tablesAndIndexesAreCreatedOnceEvenConcurrently() throws Exception {
        String table = table("things");
        TableSpec spec = TableSpec.builder(table)
                .column(Column.identity("id"))
                .column(Column.of("label", ColumnType.VARCHAR).withSize(20).notNull())
                .column(Column.of("rank", ColumnType.INTEGER))
                .index(IndexSpec.unique(table + "_label", "label"))
                .index(IndexSpec.of(table + "_rank", "rank"))
                .build();
        AccessBroker other = newBroker();
        List<CompletableFuture<Void>> calls = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            calls.add((i % 2 == 0 ? broker() : other).table(spec));
        }
        await(CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)));
        await(broker().table(spec));
        boolean tableExists = await(broker().transact(s -> dialect().tableExists(s.connection(), table)));
        boolean indexExists = await(broker().transact(s -> dialect().indexExists(s.connection(), table, table + "_rank")));
        assertTrue(tableExists && indexExists);
        await(broker().update("INSERT INTO " + table + " (label, " + q("rank") + ") VALUES (?, ?)", "a", 1));
        assertInstanceOf(TransactionException.class,
                failure(broker().update("INSERT INTO " + table + " (label) VALUES (?)", "a")));
    }

    @Test
    public void upsertInsertsThenUpdates() throws Exception {
        String table = table("kv");
        TableSpec spec = TableSpec.builder(table)
                .column(Column.of("grp", ColumnType.BIGINT).asPrimaryKey())
                .column(Column.of("k", ColumnType.VARCHAR).withSize(50).asPrimaryKey())
                .column(Column.of("v", ColumnType.BLOB))
                .column(Column.of("n", ColumnType.INTEGER))
                .build();
        await(broker().table(spec));
        Upsert upsert = dialect().upsert(spec, List.of("grp", "k"), List.of("v", "n"));
        await(broker().transact(s -> s.update(upsert.sql(), upsert.arrange(new Object[] {1L, "a", new byte[] {1}, 1}))));
        await(broker().transact(s -> s.batch(upsert.sql(), List.of(
                upsert.arrange(new Object[] {1L, "a", new byte[] {2}, 2}),
                upsert.arrange(new Object[] {1L, "b", new byte[] {3}, 3})))));
        List<Row> rows = await(broker().sql("SELECT k, v, n FROM " + table + " ORDER BY k"));
        assertEquals(2, rows.size());
        assertArrayEquals(new byte[] {2}, rows.get(0).get("v", byte[].class));
        assertEquals(2, rows.get(0).get("n", Integer.class));
        assertEquals("b", rows.get(1).get("k"));
        Upsert keysOnly = dialect().upsert(spec, List.of("grp", "k"), List.of());
        await(broker().transact(s -> s.update(keysOnly.sql(), keysOnly.arrange(new Object[] {1L, "a"}))));
        await(broker().transact(s -> s.update(keysOnly.sql(), keysOnly.arrange(new Object[] {2L, "z"}))));
        assertEquals(3, await(broker().sql("SELECT k FROM " + table)).size());
    }

    @Test
    public void everyColumnTypeRoundTrips() throws Exception {
        String unicode = "Grüße, 世界! ☕ \uD83D\uDE80 'quoted' \"double\" \\ back";
        roundTrip(List.of(
                new Object[] {1, null, null, null, null, null, null, null, null, null, null},
                new Object[] {2, true, Integer.MAX_VALUE, Long.MAX_VALUE, Double.MAX_VALUE,
                    largeDecimal(), unicode, unicode.repeat(20),
                    new byte[] {0, 1, -1, 127, -128},
                    LocalDate.of(9999, 12, 31), LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000)},
                new Object[] {3, false, Integer.MIN_VALUE, Long.MIN_VALUE, -Double.MIN_VALUE,
                    new BigDecimal("-0.000001"), "", "", new byte[0],
                    LocalDate.of(1, 1, 1), LocalDateTime.of(1970, 1, 1, 0, 0, 0, 1_000)}));
    }

    /** A mebibyte of bytes and some 90,000 characters of text, in the same types. */
    @Test
    public void largeTextAndBinaryValuesRoundTrip() throws Exception {
        requires(Capability.LARGE_OBJECTS);
        byte[] mebibyte = new byte[1 << 20];
        new Random(42).nextBytes(mebibyte);
        String unicode = "Grüße, 世界! ☕ \uD83D\uDE80 'quoted' \"double\" \\ back";
        String longText = unicode.repeat(2000);
        roundTrip(List.<Object[]>of(
                new Object[] {2, true, Integer.MAX_VALUE, Long.MAX_VALUE, Double.MAX_VALUE,
                    largeDecimal(), unicode, longText, mebibyte,
                    LocalDate.of(9999, 12, 31), LocalDateTime.of(2024, 2, 29, 23, 59, 59, 123_456_000)}));
    }

    /**
     * @return a decimal of 31 digits, or of 15 where the database lacks
     *         {@link Capability#EXACT_DECIMALS}
     */
    private BigDecimal largeDecimal() {
        return new BigDecimal(has(Capability.EXACT_DECIMALS) ? "9999999999999999999999999.999999" : "999999999.999999");
    }

    /**
     * Writes rows of every column type in one batch, reads them back through the broker, and
     * checks each value, and that text and bytes come back as {@code String} and {@code byte[]},
     * detached from the driver, whatever the dialect's {@code read} returns.
     */
    private void roundTrip(List<Object[]> rows) throws Exception {
        String table = table("types");
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
        await(broker().table(spec));
        String insert = "INSERT INTO " + table + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
        await(broker().transact(s -> s.batch(insert, rows)));
        List<Row> back = await(broker().sql("SELECT * FROM " + table + " ORDER BY id"));
        assertEquals(rows.size(), back.size());
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
                assertInstanceOf(byte[].class, row.get("x"), "a blob comes back as byte[], not a driver's object");
                assertArrayEquals((byte[]) expected[8], row.get("x", byte[].class), "blob of row " + r);
            }
            if (expected[7] != null) {
                assertInstanceOf(String.class, row.get("t"), "text comes back as String, not a driver's object");
            }
            assertEquals(expected[9], row.get("dt", LocalDate.class), "date of row " + r);
            assertEquals(expected[10], row.get("ts", LocalDateTime.class), "timestamp of row " + r);
        }
    }

    @Test
    public void ddlRollsBackWithItsTransaction() throws Exception {
        requires(Capability.TRANSACTIONAL_DDL);
        String people = people();
        String table = table("undone");
        IllegalStateException boom = new IllegalStateException("boom");
        Throwable failed = failure(broker().transact(s -> {
            s.update("CREATE TABLE " + table + " (x INTEGER)");
            s.update("INSERT INTO " + people + " (name) VALUES (?)", "Ann");
            throw boom;
        }));
        assertSame(boom, failed.getCause());
        boolean exists = await(broker().transact(s -> dialect().tableExists(s.connection(), table)));
        assertFalse(exists, "the table created by the failed transaction was rolled back with it");
        assertEquals(List.of(), await(broker().sql("SELECT name FROM " + people)));
    }

    @Test
    public void identifiersThatNeedQuotingWork() throws Exception {
        String table = track(table("Mixed") + " it's \"odd\" café");
        TableSpec spec = TableSpec.builder(table)
                .column(Column.of("select", ColumnType.INTEGER).asPrimaryKey())
                .column(Column.of("Weird \"col\"", ColumnType.VARCHAR).withSize(10))
                .column(Column.of("value", ColumnType.VARCHAR).withSize(10))
                .index(IndexSpec.unique("Idx \"" + Math.abs(table.hashCode()), "Weird \"col\""))
                .build();
        await(broker().table(spec));
        await(broker().table(spec));
        boolean exists = await(broker().transact(s -> dialect().tableExists(s.connection(), table)));
        assertTrue(exists);
        String insert = "INSERT INTO " + q(table) + " (" + q("select") + ", " + q("Weird \"col\"") + ", "
                + q("value") + ") VALUES (?, ?, ?)";
        await(broker().update(insert, 1, "x'; DROP", "v"));
        Row row = await(broker().sql("SELECT * FROM " + q(table))).get(0);
        assertEquals("x'; DROP", row.get("Weird \"col\""));
        assertEquals("v", row.get("value"));
        assertEquals(1, row.get("select", Integer.class));
    }

    @Test
    public void shutdownLetsQueuedWorkFinishAndLeavesNothingOpen() throws Exception {
        String people = people();
        TaskQueue queue = broker().queue();
        AccessBroker keeper = newBroker();
        await(keeper.whenRunning());
        CountDownLatch blocker = new CountDownLatch(1);
        List<CompletableFuture<Integer>> accepted = new ArrayList<>();
        accepted.add(broker().transact(Priority.NEXT, s -> {
            blocker.await(30, TimeUnit.SECONDS);
            return 0;
        }));
        for (int i = 0; i < 30; i++) {
            String name = "p" + i;
            accepted.add(broker().update("INSERT INTO " + people + " (name) VALUES (?)", name));
        }
        CompletableFuture<Void> shutdown = broker().shutdown();
        assertInstanceOf(BrokerShutdownException.class, failure(broker().sql("SELECT 1 FROM " + people)));
        blocker.countDown();
        await(shutdown);
        assertTrue(accepted.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()));
        assertTrue(queue.isRunning(), "the queue stays open while another broker uses it");
        assertEquals(30, await(keeper.sql("SELECT name FROM " + people)).size());
        await(keeper.shutdown());
        assertFalse(queue.isRunning(), "the last broker's shutdown closes the queue");
        assertEquals(0, connectionsInUse(queue));
        assertEquals(0, queue.stats().workers());
    }

    @Test
    public void aBadStatementFailsOnlyItsOwnTransaction() throws Exception {
        String people = people();
        List<CompletableFuture<?>> mixed = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            mixed.add(i % 5 == 0
                    ? broker().update("INSERT INTO no_such_table_" + i + " VALUES (1)")
                    : broker().update("INSERT INTO " + people + " (name) VALUES (?)", "p" + i));
        }
        long failed = mixed.stream().filter(f -> await(f.handle((v, e) -> e != null))).count();
        assertEquals(4, failed);
        assertEquals(16, await(broker().sql("SELECT * FROM " + people)).size());
    }
}
