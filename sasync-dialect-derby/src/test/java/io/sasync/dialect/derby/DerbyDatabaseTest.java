package io.sasync.dialect.derby;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.DatabaseConfig;
import io.sasync.IndexSpec;
import io.sasync.TableSpec;
import io.sasync.spi.Dialect;
import io.sasync.spi.Upsert;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import java.util.TimeZone;
import java.util.TreeSet;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The Derby dialect against a real embedded Derby database under {@code target/}, over plain JDBC. */
class DerbyDatabaseTest {

    private static final Path DIRECTORY = Path.of("target", "derby", "DerbyDatabaseTest").toAbsolutePath();
    private static final String URL = "jdbc:derby:directory:" + DIRECTORY;
    /** Words tried as names besides the dialect's reserved words: the database's and common column names. */
    private static final List<String> COMMON_NAMES = List.of("name", "type", "level", "size", "count",
            "position", "comment", "data", "text", "status", "index", "session", "role", "first", "last",
            "date", "time", "timestamp", "year", "month", "day", "hour", "minute", "second", "key", "value",
            "user", "order", "group", "limit", "offset", "top", "row", "rows", "range", "window", "over",
            "partition", "merge", "array", "interval", "binary", "blob", "clob", "boolean", "bigint",
            "integer", "double", "decimal", "varchar", "text", "check", "column", "end", "if", "minus");

    private static Connection keeper;
    private final DerbyDialect dialect = new DerbyDialect();
    private final List<String> created = new ArrayList<>();
    private static final AtomicInteger COUNTER = new AtomicInteger();

    @BeforeAll
    static void openDatabase() throws SQLException, IOException {
        new DerbyDialect().afterClose(DatabaseConfig.of(URL));
        deleteRecursively(DIRECTORY);
        keeper = DriverManager.getConnection(URL + ";create=true");
        // Deadlocks are looked for after 1 s of waiting, lock waits give up after 3 s (defaults: 20 s, 60 s).
        execute(keeper, "CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.deadlockTimeout', '1')");
        execute(keeper, "CALL SYSCS_UTIL.SYSCS_SET_DATABASE_PROPERTY('derby.locks.waitTimeout', '3')");
    }

    @AfterAll
    static void closeDatabase() throws SQLException {
        keeper.close();
        new DerbyDialect().afterClose(DatabaseConfig.of(URL + ";create=true"));
    }

    static void deleteRecursively(Path directory) throws IOException {
        if (Files.exists(directory)) {
            try (Stream<Path> paths = Files.walk(directory)) {
                for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    @AfterEach
    void dropTables() {
        for (String table : created) {
            try (Statement s = keeper.createStatement()) {
                s.execute("DROP TABLE " + dialect.quote(table));
            } catch (SQLException e) {
                if (!"42Y55".equals(e.getSQLState())) { // no such table
                    throw new AssertionError("could not drop " + table, e);
                }
            }
        }
    }

    private String unique(String base) {
        String name = base + "_" + COUNTER.incrementAndGet();
        created.add(name);
        return name;
    }

    /** Creates a table and its indexes as a caller without {@code IF NOT EXISTS} must: "exists" is success. */
    private void create(Connection c, TableSpec table) throws SQLException {
        created.add(table.name());
        List<String> statements = new ArrayList<>(List.of(dialect.createTable(table)));
        table.indexes().forEach(index -> statements.add(dialect.createIndex(table, index)));
        for (String sql : statements) {
            try {
                execute(c, sql);
            } catch (SQLException e) {
                if (!dialect.isObjectExists(e)) {
                    throw e;
                }
            }
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    private void insert(Connection c, String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int i = 0; i < values.length; i++) {
                dialect.bind(ps, i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }

    // ------------------------------------------------------------------ DDL

    @Test
    void createTableAndIndexesTwiceIsANoOp() throws SQLException {
        TableSpec people = TableSpec.builder(unique("people"))
                .column(Column.identity("id"))
                .column(Column.of("name", ColumnType.VARCHAR).withSize(40).notNull())
                .index(IndexSpec.unique(unique("people_name"), "name"))
                .build();
        create(keeper, people);
        SQLException again = assertThrows(SQLException.class, () -> execute(keeper, dialect.createTable(people)));
        assertTrue(dialect.isObjectExists(again), again::toString);
        try (Statement s = keeper.createStatement()) {
            s.execute(dialect.createIndex(people, people.indexes().get(0)));
            assertEquals("01504", s.getWarnings().getSQLState(), "Derby skips an index identical to an existing one");
        }
        create(keeper, people);
        assertTrue(dialect.tableExists(keeper, people.name()));
        assertTrue(dialect.indexExists(keeper, people.name(), people.indexes().get(0).name()));
    }

    @Test
    void createWithoutIfNotExistsFailsAsObjectExists() throws SQLException {
        String table = unique("plain");
        execute(keeper, "CREATE TABLE " + table + " (k INTEGER)");
        execute(keeper, "CREATE INDEX " + table + "_k ON " + table + " (k)");
        SQLException again = assertThrows(SQLException.class, () -> execute(keeper, "CREATE TABLE " + table + " (k INTEGER)"));
        assertTrue(dialect.isObjectExists(again), again::toString);
        execute(keeper, "ALTER TABLE " + table + " ADD COLUMN j INTEGER");
        SQLException index = assertThrows(SQLException.class, () -> execute(keeper, "CREATE INDEX " + table + "_k ON " + table + " (j)"));
        assertTrue(dialect.isObjectExists(index), index::toString);
        assertFalse(dialect.isDuplicateKey(again));
        assertFalse(dialect.isRetryable(again));
    }

    @Test
    void anIndexDuplicatingAnotherIsNotCreatedUnderItsName() throws SQLException {
        TableSpec table = TableSpec.builder(unique("dupidx"))
                .column(Column.of("k", ColumnType.INTEGER).asPrimaryKey())
                .column("v", ColumnType.INTEGER)
                .index(IndexSpec.unique(unique("dupidx_v"), "v"))
                .index(IndexSpec.of(unique("dupidx_v_again"), "v"))
                .index(IndexSpec.of(unique("dupidx_k"), "k"))
                .build();
        create(keeper, table);
        assertTrue(dialect.indexExists(keeper, table.name(), table.indexes().get(0).name()));
        assertFalse(dialect.indexExists(keeper, table.name(), table.indexes().get(1).name()),
                "Derby reuses the unique index on v and records no index of this name");
        assertFalse(dialect.indexExists(keeper, table.name(), table.indexes().get(2).name()),
                "Derby reuses the primary key's index");
        create(keeper, table);
    }

    @Test
    void existenceWithNamesThatNeedQuoting() throws SQLException {
        for (String name : List.of("select", "Mixed Case", "it's \"odd\"", "café", "plain_name", "value")) {
            TableSpec table = TableSpec.builder(name)
                    .column(Column.of(name, ColumnType.INTEGER).asPrimaryKey())
                    .column("other", ColumnType.VARCHAR)
                    .index(IndexSpec.of(name + " idx", "other", name))
                    .build();
            assertFalse(dialect.tableExists(keeper, name), name);
            create(keeper, table);
            assertTrue(dialect.tableExists(keeper, name), name);
            assertTrue(dialect.indexExists(keeper, name, name + " idx"), name);
            assertFalse(dialect.indexExists(keeper, name, name + " idy"), name);
            insert(keeper, "INSERT INTO " + dialect.quote(name) + " (" + dialect.quote(name) + ", other) VALUES (?, ?)", 1, "x");
        }
        assertTrue(dialect.tableExists(keeper, "PLAIN_NAME"), "unquoted names fold to one case");
        assertFalse(dialect.tableExists(keeper, "mixed case"), "quoted names keep their case");
        assertFalse(dialect.tableExists(keeper, "plainxname"), "_ is not a wildcard");
    }

    @Test
    void reservedWordsAreQuotedWhereDerbyNeedsIt() throws SQLException {
        Set<String> words = new TreeSet<>(dialect.reservedWords());
        words.addAll(Dialect.STANDARD_RESERVED_WORDS);
        words.addAll(Arrays.asList(keeper.getMetaData().getSQLKeywords().split(",")));
        COMMON_NAMES.forEach(w -> words.add(w.toUpperCase(Locale.ROOT)));
        List<String> failures = new ArrayList<>();
        for (String word : words) {
            String name = word.toLowerCase(Locale.ROOT);
            String q = dialect.quote(name);
            try {
                execute(keeper, "CREATE TABLE " + q + " (" + q + " INTEGER)");
                try {
                    execute(keeper, "INSERT INTO " + q + " (" + q + ") VALUES (1)");
                    execute(keeper, "SELECT " + q + " FROM " + q + " WHERE " + q + " = 1 ORDER BY " + q);
                    if (!dialect.tableExists(keeper, name)) {
                        failures.add(name + ": not found after creation");
                    }
                } finally {
                    execute(keeper, "DROP TABLE " + q);
                }
            } catch (SQLException e) {
                failures.add(q + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures);
    }

    // ------------------------------------------------------------------ errors

    @Test
    void uniqueViolationIsDuplicateKey() throws SQLException {
        TableSpec table = TableSpec.builder(unique("dup"))
                .column(Column.of("k", ColumnType.VARCHAR).withSize(10).asPrimaryKey())
                .column("u", ColumnType.INTEGER)
                .index(IndexSpec.unique(unique("dup_u"), "u"))
                .build();
        create(keeper, table);
        insert(keeper, "INSERT INTO " + table.name() + " (k, u) VALUES (?, ?)", "a", 1);
        SQLException pk = assertThrows(SQLException.class,
                () -> insert(keeper, "INSERT INTO " + table.name() + " (k, u) VALUES (?, ?)", "a", 2));
        SQLException index = assertThrows(SQLException.class,
                () -> insert(keeper, "INSERT INTO " + table.name() + " (k, u) VALUES (?, ?)", "b", 1));
        for (SQLException e : List.of(pk, index)) {
            assertTrue(dialect.isDuplicateKey(e), e::toString);
            assertFalse(dialect.isObjectExists(e), e::toString);
            assertFalse(dialect.isRetryable(e), e::toString);
        }
    }

    @Test
    void deadlockIsRetryable() throws Exception {
        String table = twoRowTable();
        try (Connection c1 = DriverManager.getConnection(URL); Connection c2 = DriverManager.getConnection(URL)) {
            c1.setAutoCommit(false);
            c2.setAutoCommit(false);
            execute(c1, "UPDATE " + table + " SET v = 1 WHERE k = 1");
            execute(c2, "UPDATE " + table + " SET v = 2 WHERE k = 2");
            List<SQLException> failures = both(
                    () -> update(c1, "UPDATE " + table + " SET v = 1 WHERE k = 2"),
                    () -> update(c2, "UPDATE " + table + " SET v = 2 WHERE k = 1"));
            c1.rollback();
            c2.rollback();
            assertFalse(failures.isEmpty(), "one of the two transactions must fail");
            for (SQLException e : failures) {
                assertEquals("40001", e.getSQLState());
                assertTrue(dialect.isRetryable(e), e::toString);
            }
        }
    }

    @Test
    void lockTimeoutIsRetryable() throws Exception {
        String table = twoRowTable();
        try (Connection c1 = DriverManager.getConnection(URL); Connection c2 = DriverManager.getConnection(URL)) {
            c1.setAutoCommit(false);
            c2.setAutoCommit(false);
            execute(c1, "UPDATE " + table + " SET v = 1 WHERE k = 1");
            SQLException e = assertThrows(SQLException.class, () -> execute(c2, "UPDATE " + table + " SET v = 2 WHERE k = 1"));
            c1.rollback();
            c2.rollback();
            assertEquals("40XL1", e.getSQLState());
            assertTrue(dialect.isRetryable(e), e::toString);
            assertFalse(dialect.isDuplicateKey(e));
        }
    }

    private String twoRowTable() throws SQLException {
        String table = unique("locks");
        execute(keeper, "CREATE TABLE " + table + " (k INTEGER PRIMARY KEY, v INTEGER)");
        execute(keeper, "INSERT INTO " + table + " VALUES (1, 0), (2, 0)");
        return table;
    }

    private static int update(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate(sql);
        }
    }

    /** Runs both at once and returns the SQL exceptions they ended with. */
    private static List<SQLException> both(Callable<?> a, Callable<?> b) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<?>> futures = List.of(pool.submit(a), pool.submit(b));
            List<SQLException> failures = new ArrayList<>();
            for (Future<?> f : futures) {
                try {
                    f.get(60, TimeUnit.SECONDS);
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof SQLException sql) {
                        failures.add(sql);
                    } else {
                        throw e;
                    }
                }
            }
            return failures;
        } finally {
            pool.shutdownNow();
        }
    }

    // ------------------------------------------------------------------ DML

    @Test
    void upsertInsertsThenUpdates() throws SQLException {
        TableSpec table = TableSpec.builder(unique("items"))
                .column(Column.of("grp", ColumnType.BIGINT).asPrimaryKey())
                .column(Column.of("name", ColumnType.VARCHAR).withSize(20).asPrimaryKey())
                .column("value", ColumnType.BLOB)
                .column("seen", ColumnType.TIMESTAMP)
                .build();
        create(keeper, table);
        Upsert upsert = dialect.upsert(table, List.of("grp", "name"), List.of("value", "seen"));
        LocalDateTime t1 = LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000);
        upsertRow(upsert, 7L, "a", new byte[] {1}, t1);
        upsertRow(upsert, 7L, "b", new byte[] {2}, t1);
        upsertRow(upsert, 7L, "a", new byte[] {3, 4}, t1.plusDays(1));
        upsertRow(upsert, 7L, "b", null, null);
        try (Statement s = keeper.createStatement();
             ResultSet rs = s.executeQuery("SELECT name, " + dialect.quote("value") + ", seen FROM " + table.name() + " ORDER BY name")) {
            assertTrue(rs.next());
            assertArrayEquals(new byte[] {3, 4}, (byte[]) normalize(rs.getObject(2)));
            assertEquals(t1.plusDays(1), normalize(rs.getObject(3)));
            assertTrue(rs.next());
            assertNull(rs.getObject(2));
            assertNull(rs.getObject(3));
            assertFalse(rs.next());
        }

        Upsert keysOnly = dialect.upsert(table, List.of("grp", "name"), List.of());
        upsertRow(keysOnly, 7L, "a");
        upsertRow(keysOnly, 8L, "a");
        assertEquals(3, count(table.name()));
        try (Statement s = keeper.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + dialect.quote("value") + " FROM " + table.name() + " WHERE grp = 7 AND name = 'a'")) {
            assertTrue(rs.next());
            assertArrayEquals(new byte[] {3, 4}, (byte[]) normalize(rs.getObject(1)), "no value columns: the row is left alone");
        }
    }

    private void upsertRow(Upsert upsert, Object... keysThenValues) throws SQLException {
        insert(keeper, upsert.sql(), upsert.arrange(keysThenValues));
    }

    private static int count(String table) throws SQLException {
        try (Statement s = keeper.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    @Test
    void everyColumnTypeRoundTrips() throws SQLException {
        TableSpec table = TableSpec.builder(unique("types"))
                .column(Column.identity("id"))
                .column("b", ColumnType.BOOLEAN)
                .column("i", ColumnType.INTEGER)
                .column("l", ColumnType.BIGINT)
                .column("d", ColumnType.DOUBLE)
                .column(Column.of("m", ColumnType.DECIMAL).withSize(31).withScale(10))
                .column(Column.of("s", ColumnType.VARCHAR).withSize(40))
                .column("t", ColumnType.TEXT)
                .column("x", ColumnType.BLOB)
                .column("dt", ColumnType.DATE)
                .column("ts", ColumnType.TIMESTAMP)
                .build();
        create(keeper, table);
        byte[] mebibyte = new byte[1 << 20];
        new Random(42).nextBytes(mebibyte);
        String longText = "ünïcødé ✓ 日本語 🎉 ".repeat(10_000);
        List<Object[]> rows = List.of(
                new Object[] {null, null, null, null, null, null, null, null, null, null},
                new Object[] {false, Integer.MIN_VALUE, Long.MIN_VALUE, -Double.MAX_VALUE,
                        new BigDecimal("-999999999999999999999.9999999999"), "", "", new byte[0],
                        LocalDate.of(1900, 1, 1), LocalDateTime.of(1900, 1, 1, 0, 0)},
                new Object[] {true, Integer.MAX_VALUE, Long.MAX_VALUE, Double.MAX_VALUE,
                        new BigDecimal("999999999999999999999.9999999999"), "x".repeat(40), longText, mebibyte,
                        LocalDate.of(9999, 12, 31), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)},
                new Object[] {true, 0, 0L, Double.MIN_VALUE, new BigDecimal("0.0000000001"),
                        "héllo wörld — 日本語 🎉 \"'\\%_", "line\nbreak\ttab", new byte[] {0, -1, 127, -128},
                        LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000)});
        String columns = "b, i, l, d, m, s, t, x, dt, ts";
        for (Object[] row : rows) {
            insert(keeper, "INSERT INTO " + table.name() + " (" + columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row);
        }
        try (Statement s = keeper.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + columns + " FROM " + table.name() + " ORDER BY id")) {
            for (Object[] row : rows) {
                assertTrue(rs.next());
                for (int i = 0; i < row.length; i++) {
                    Object raw = rs.getObject(i + 1);
                    if (row[i] instanceof byte[]) {
                        assertInstanceOf(Blob.class, raw, "BLOB reads back as a Blob");
                    } else if (row[i] instanceof String && i == 6) {
                        assertInstanceOf(Clob.class, raw, "TEXT reads back as a Clob");
                    }
                    assertSameValue(row[i], normalize(raw), "column " + (i + 1));
                }
            }
            assertFalse(rs.next());
        }
    }

    @Test
    void instantBindsAsTimestamp() throws SQLException {
        String table = unique("instants");
        execute(keeper, "CREATE TABLE " + table + " (ts " + dialect.sqlType(Column.of("ts", ColumnType.TIMESTAMP)) + ")");
        Instant instant = Instant.parse("2024-06-15T10:30:00.123456Z");
        insert(keeper, "INSERT INTO " + table + " (ts) VALUES (?)", instant);
        try (Statement s = keeper.createStatement(); ResultSet rs = s.executeQuery("SELECT ts FROM " + table)) {
            assertTrue(rs.next());
            assertEquals(instant, rs.getTimestamp(1).toInstant());
        }
    }

    @Test
    void localDateTimeKeepsItsFieldsInADaylightSavingGap() throws SQLException {
        String table = unique("gap");
        execute(keeper, "CREATE TABLE " + table + " (ts TIMESTAMP, d DATE)");
        TimeZone zone = TimeZone.getDefault();
        TimeZone.setDefault(TimeZone.getTimeZone("Europe/Berlin"));
        try {
            insert(keeper, "INSERT INTO " + table + " (ts, d) VALUES (?, ?)",
                    LocalDateTime.of(2024, 3, 31, 2, 30, 0, 123_456_000), LocalDate.of(2024, 3, 31));
        } finally {
            TimeZone.setDefault(zone);
        }
        try (Statement s = keeper.createStatement();
             ResultSet rs = s.executeQuery("SELECT CAST(ts AS VARCHAR(40)), CAST(d AS VARCHAR(20)) FROM " + table)) {
            assertTrue(rs.next());
            assertEquals("2024-03-31 02:30:00.123456", rs.getString(1));
            assertEquals("2024-03-31", rs.getString(2));
        }
    }

    @Test
    void generatedKeys() throws SQLException {
        for (String key : List.of("id", "Key Id")) {
            TableSpec table = TableSpec.builder(unique("gen"))
                    .column(Column.identity(key))
                    .column(Column.of("name", ColumnType.VARCHAR).withSize(10))
                    .build();
            create(keeper, table);
            String sql = "INSERT INTO " + table.name() + " (name) VALUES (?)";
            List<Long> keys = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                try (PreparedStatement ps = dialect.prepareInsert(keeper, sql, key)) {
                    dialect.bind(ps, 1, name);
                    ps.executeUpdate();
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        assertTrue(rs.next(), "a generated key");
                        keys.add(((Number) rs.getObject(1)).longValue());
                    }
                }
            }
            try (Statement s = keeper.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + dialect.quote(key) + " FROM " + table.name() + " ORDER BY name")) {
                for (Long expected : keys) {
                    assertTrue(rs.next());
                    assertEquals(expected, rs.getLong(1));
                }
            }
            assertEquals(3, keys.stream().distinct().count());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** JDBC values as the Java types {@link ColumnType} names. */
    static Object normalize(Object value) throws SQLException {
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        } else if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        } else if (value instanceof Timestamp ts) {
            return ts.toLocalDateTime();
        } else if (value instanceof java.sql.Date date) {
            return date.toLocalDate();
        }
        return value;
    }

    static void assertSameValue(Object expected, Object actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
        } else if (expected instanceof byte[] bytes) {
            assertArrayEquals(bytes, (byte[]) actual, what);
        } else if (expected instanceof BigDecimal decimal) {
            assertInstanceOf(BigDecimal.class, actual, what);
            assertEquals(0, decimal.compareTo((BigDecimal) actual), what + ": " + actual);
        } else if (actual == null) {
            fail(what + ": expected " + expected + " but was null");
        } else {
            assertEquals(expected, actual, what);
        }
    }
}
