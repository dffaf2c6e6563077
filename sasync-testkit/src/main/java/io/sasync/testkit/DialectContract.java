package io.sasync.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.sasync.Column;
import io.sasync.ColumnType;
import io.sasync.IndexSpec;
import io.sasync.TableSpec;
import io.sasync.core.Dialects;
import io.sasync.spi.ChangeNotifications;
import io.sasync.spi.Dialect;
import io.sasync.spi.Upsert;
import java.math.BigDecimal;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every dialect must do against its real database, over plain JDBC and without the broker:
 * discovery, DDL that can run twice, catalog lookups with names that need quoting, reserved
 * words, error classification, upserts, generated keys, key texts, change notifications where the
 * dialect has them, and every {@link ColumnType}
 * written with the dialect's {@link Dialect#bind} and read back with its {@link Dialect#read}. A
 * test class extends it and implements {@link #newDatabase()}; the hooks it reads besides are
 * {@link #readsLobs()}, {@link #reusesIdenticalIndexes()}, {@link #dialectName()}, and the
 * capabilities {@link Capability#LARGE_OBJECTS}, {@link Capability#TRAILING_SPACES_SIGNIFICANT},
 * {@link Capability#EXACT_DECIMALS} and {@link Capability#STANDARD_NAME_CASE}.
 * What only one database shows belongs in tests of the dialect's own.
 *
 * <p>Each test gets a connection in auto-commit to the test's database. Some checks create tables
 * of fixed names ({@code select}, {@code Mixed Case}, every reserved word), which is why
 * {@code newDatabase()} must give each test a database (or schema) no other test uses at the same
 * time. At the end the dialect's {@link Dialect#afterClose} runs, as the broker runs it when its
 * last pool closes.
 */
public abstract class DialectContract extends ContractSupport {

    /** Words tried as names besides the dialect's reserved words: the database's and common column names. */
    private static final List<String> COMMON_NAMES = List.of("name", "type", "level", "size", "count",
            "position", "comment", "data", "text", "status", "index", "session", "role", "first", "last",
            "date", "time", "timestamp", "year", "month", "day", "hour", "minute", "second", "key", "value",
            "user", "order", "group", "limit", "offset", "top", "row", "rows", "range", "window", "over",
            "partition", "merge", "array", "interval", "binary", "blob", "clob", "boolean", "bigint",
            "integer", "double", "decimal", "varchar", "text", "check", "column", "end", "if", "minus");
    /** Seconds any one statement may run. */
    private static final int STATEMENT_TIMEOUT = 60;

    private Connection connection;

    /** For subclasses. */
    protected DialectContract() {
    }

    /**
     * Opens the test's connection.
     *
     * @throws SQLException when it cannot connect
     */
    @BeforeEach
    public final void openConnection() throws SQLException {
        connection = connect();
    }

    /**
     * Closes the test's connection.
     *
     * @throws SQLException when it cannot be closed
     */
    @AfterEach
    public final void closeConnection() throws SQLException {
        if (connection != null) {
            connection.close();
        }
    }

    private String q(String identifier) {
        return dialect().quote(identifier);
    }

    /**
     * Creates a table and its indexes as a caller must: where the database has no
     * {@code IF NOT EXISTS}, a failure classified as "object exists" is success.
     */
    private void create(TableSpec table) throws SQLException {
        track(table.name());
        List<String> statements = new ArrayList<>(List.of(dialect().createTable(table)));
        table.indexes().forEach(index -> statements.add(dialect().createIndex(table, index)));
        for (String sql : statements) {
            try {
                execute(sql);
            } catch (SQLException e) {
                if (dialect().supportsIfNotExists() || !dialect().isObjectExists(e)) {
                    throw e;
                }
            }
        }
    }

    private void execute(String sql) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(STATEMENT_TIMEOUT);
            s.execute(sql);
        }
    }

    /** Runs {@code sql} with {@code values} bound by the dialect(). */
    private void update(String sql, Object... values) throws SQLException {
        try (PreparedStatement ps = connection.prepareStatement(sql)) {
            ps.setQueryTimeout(STATEMENT_TIMEOUT);
            for (int i = 0; i < values.length; i++) {
                dialect().bind(ps, i + 1, values[i]);
            }
            ps.executeUpdate();
        }
    }

    /** @return the rows of {@code sql}, each value read by the dialect and detached from the result set */
    private List<Object[]> query(String sql) throws SQLException {
        return query(sql, true);
    }

    /** @return the classes of the values {@link #query} reads before it detaches them ({@code null} for null) */
    private List<Class<?>[]> readClasses(String sql) throws SQLException {
        return query(sql, false).stream().map(row -> Arrays.stream(row)
                .map(v -> v == null ? null : v.getClass()).toArray(Class<?>[]::new)).toList();
    }

    private List<Object[]> query(String sql, boolean detach) throws SQLException {
        try (Statement s = connection.createStatement()) {
            s.setQueryTimeout(STATEMENT_TIMEOUT);
            try (ResultSet rs = s.executeQuery(sql)) {
                int columns = rs.getMetaData().getColumnCount();
                List<Object[]> rows = new ArrayList<>();
                while (rs.next()) {
                    Object[] row = new Object[columns];
                    for (int i = 0; i < columns; i++) {
                        Object value = dialect().read(rs, i + 1, rs.getMetaData().getColumnType(i + 1));
                        row[i] = detach ? detach(value) : value;
                    }
                    rows.add(row);
                }
                return rows;
            }
        }
    }

    // ------------------------------------------------------------------ discovery

    @Test
    public void theDialectIsFoundByServiceLoaderAndServesTheDatabasesUrl() {
        Dialect chosen = Dialects.load().forConfig(config());
        assertSame(dialect().getClass(), chosen.getClass());
        dialectName().ifPresent(name -> assertEquals(name, chosen.name(), "the dialect serving "
                + config().safeUrl() + " is " + chosen.name() + " (" + chosen.getClass().getName()
                + "), not the one under test; give yours a higher priority() or name it in the config"));
        if (config().dialect().isEmpty()) {
            assertTrue(chosen.supportsUrl(config().url()), chosen.name() + " supports " + config().safeUrl());
        }
        DialectTesting.assertFoundOnceByServiceLoader(chosen.getClass(), chosen.name());
    }

    // ------------------------------------------------------------------ DDL and catalog

    @Test
    public void createTableAndIndexesTwiceIsANoOp() throws SQLException {
        TableSpec people = TableSpec.builder(table("people"))
                .column(Column.identity("id"))
                .column(Column.of("name", ColumnType.VARCHAR).withSize(40).notNull())
                .index(IndexSpec.unique(table("people_name"), "name"))
                .build();
        create(people);
        if (!dialect().supportsIfNotExists()) {
            SQLException again = assertThrows(SQLException.class, () -> execute(dialect().createTable(people)));
            assertTrue(dialect().isObjectExists(again), again::toString);
        }
        create(people);
        assertTrue(dialect().tableExists(connection, people.name()));
        assertTrue(dialect().indexExists(connection, people.name(), people.indexes().get(0).name()));
    }

    @Test
    public void createWithoutIfNotExistsFailsAsObjectExists() throws SQLException {
        String table = table("plain");
        execute("CREATE TABLE " + table + " (k INTEGER, j INTEGER)");
        execute("CREATE INDEX " + table + "_k ON " + table + " (k)");
        SQLException again = assertThrows(SQLException.class, () -> execute("CREATE TABLE " + table + " (k INTEGER)"));
        assertTrue(dialect().isObjectExists(again), again::toString);
        SQLException otherColumns = assertThrows(SQLException.class,
                () -> execute("CREATE INDEX " + table + "_k ON " + table + " (j)"));
        assertTrue(dialect().isObjectExists(otherColumns), otherColumns::toString);
        if (!reusesIdenticalIndexes()) {
            SQLException identical = assertThrows(SQLException.class,
                    () -> execute("CREATE INDEX " + table + "_k ON " + table + " (k)"));
            assertTrue(dialect().isObjectExists(identical), identical::toString);
        }
        assertFalse(dialect().isDuplicateKey(again));
        assertFalse(dialect().isRetryable(again));
    }

    @Test
    public void existenceWithNamesThatNeedQuoting() throws SQLException {
        for (String name : List.of("select", "Mixed Case", "it's \"odd\"", "café", "plain_name", "value")) {
            TableSpec table = TableSpec.builder(name)
                    .column(Column.of(name, ColumnType.INTEGER).asPrimaryKey())
                    .column("other", ColumnType.VARCHAR)
                    .index(IndexSpec.of(name + " idx", "other", name))
                    .build();
            assertFalse(dialect().tableExists(connection, name), name);
            create(table);
            assertTrue(dialect().tableExists(connection, name), name);
            assertTrue(dialect().indexExists(connection, name, name + " idx"), name);
            assertFalse(dialect().indexExists(connection, name, name + " idy"), name);
            update("INSERT INTO " + q(name) + " (" + q(name) + ", other) VALUES (?, ?)", 1, "x");
        }
        if (has(Capability.STANDARD_NAME_CASE)) {
            assertTrue(dialect().tableExists(connection, "PLAIN_NAME"), "unquoted names fold to one case");
            assertFalse(dialect().tableExists(connection, "mixed case"), "quoted names keep their case");
        } else {
            for (String otherCase : List.of("PLAIN_NAME", "mixed case")) {
                assertEquals(reachable(otherCase), dialect().tableExists(connection, otherCase), "tableExists(\""
                        + otherCase + "\") must say whether the database takes it for an existing table");
            }
        }
        assertFalse(dialect().tableExists(connection, "plainxname"), "_ is not a wildcard");
        execute("CREATE TABLE " + track("wildxcard") + " (k INTEGER)");
        assertFalse(dialect().tableExists(connection, "wild_card"), "_ in the name asked for matches only _");
        assertFalse(dialect().tableExists(connection, "wild%"), "% in the name asked for matches only %");
    }

    /** @return whether a query of the table of that name, quoted by the dialect, runs */
    private boolean reachable(String table) {
        try {
            query("SELECT COUNT(*) FROM " + q(table));
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    @Test
    public void reservedWordsAreQuotedWhereTheDatabaseNeedsIt() throws SQLException {
        Set<String> words = new TreeSet<>(dialect().reservedWords());
        words.addAll(Dialect.STANDARD_RESERVED_WORDS);
        words.addAll(Arrays.asList(connection.getMetaData().getSQLKeywords().split(",")));
        COMMON_NAMES.forEach(w -> words.add(w.toUpperCase(Locale.ROOT)));
        List<String> failures = new ArrayList<>();
        for (String word : words) {
            String name = word.toLowerCase(Locale.ROOT);
            String q = q(name);
            try {
                execute("CREATE TABLE " + q + " (" + q + " INTEGER)");
                try {
                    execute("INSERT INTO " + q + " (" + q + ") VALUES (1)");
                    execute("SELECT " + q + " FROM " + q + " WHERE " + q + " = 1 ORDER BY " + q);
                    if (!dialect().tableExists(connection, name)) {
                        failures.add(name + ": not found after creation");
                    }
                } finally {
                    execute("DROP TABLE " + q);
                }
            } catch (SQLException e) {
                failures.add(q + ": " + e.getMessage());
            }
        }
        assertEquals(List.of(), failures, "these names failed as table and column names, each with the database's message;"
                + " a word the database reserves belongs in the dialect's reservedWords()");
    }

    // ------------------------------------------------------------------ change notifications

    /**
     * Where the dialect has {@link ChangeNotifications}: a notification is delivered when its
     * transaction commits, never after a rollback, in the order sent, with a payload of the most
     * bytes it accepts; nothing is received once {@link ChangeNotifications#unlisten unlistened},
     * not even what came before; and receiving on a lost connection fails.
     */
    @Test
    public void changeNotificationsArriveAtCommitAndNeverAfterARollback() throws Exception {
        Optional<ChangeNotifications> notifications = dialect().changeNotifications();
        Assumptions.assumeTrue(notifications.isPresent(), dialect().name() + " has no change notifications");
        ChangeNotifications n = notifications.get();
        String channel = "sasync_kit_" + Integer.toUnsignedString(new Random().nextInt(), 36);
        String largest = "é".repeat(n.maxPayloadBytes() / 2);
        Connection listener = connect();
        try (Connection sender = connect()) {
            listener.setAutoCommit(true);
            n.listen(listener, channel);
            sender.setAutoCommit(false);
            n.send(sender, channel, "rolled back");
            sender.rollback();
            n.send(sender, channel, "first");
            n.send(sender, channel, largest);
            assertEquals(List.of(), n.receive(listener, Duration.ofMillis(200)), "nothing before the commit");
            sender.commit();
            List<String> received = new ArrayList<>();
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(TIMEOUT_SECONDS);
            while (received.size() < 2 && System.nanoTime() < deadline) {
                received.addAll(n.receive(listener, Duration.ofMillis(200)));
            }
            assertEquals(List.of("first", largest), received);

            n.send(sender, channel, "before unlisten");
            sender.commit();
            n.unlisten(listener);
            n.send(sender, channel, "after unlisten");
            sender.commit();
            assertEquals(List.of(), n.receive(listener, Duration.ofMillis(200)), "nothing once unlistened");
        } finally {
            listener.close();
        }
        assertThrows(SQLException.class, () -> n.receive(listener, Duration.ofMillis(10)), "a lost connection fails");
    }

    // ------------------------------------------------------------------ errors

    @Test
    public void uniqueViolationIsDuplicateKey() throws SQLException {
        TableSpec table = TableSpec.builder(table("dup"))
                .column(Column.of("k", ColumnType.VARCHAR).withSize(10).asPrimaryKey())
                .column("u", ColumnType.INTEGER)
                .index(IndexSpec.unique(table("dup_u"), "u"))
                .build();
        create(table);
        update("INSERT INTO " + table.name() + " (k, u) VALUES (?, ?)", "a", 1);
        SQLException pk = assertThrows(SQLException.class,
                () -> update("INSERT INTO " + table.name() + " (k, u) VALUES (?, ?)", "a", 2));
        SQLException index = assertThrows(SQLException.class,
                () -> update("INSERT INTO " + table.name() + " (k, u) VALUES (?, ?)", "b", 1));
        for (SQLException e : List.of(pk, index)) {
            assertTrue(dialect().isDuplicateKey(e), e::toString);
            assertFalse(dialect().isObjectExists(e), e::toString);
            assertFalse(dialect().isRetryable(e), e::toString);
        }
    }

    // ------------------------------------------------------------------ DML and values

    @Test
    public void upsertInsertsThenUpdates() throws SQLException {
        TableSpec table = TableSpec.builder(table("items"))
                .column(Column.of("grp", ColumnType.BIGINT).asPrimaryKey())
                .column(Column.of("name", ColumnType.VARCHAR).withSize(20).asPrimaryKey())
                .column("value", ColumnType.BLOB)
                .column("seen", ColumnType.TIMESTAMP)
                .build();
        create(table);
        Upsert upsert = dialect().upsert(table, List.of("grp", "name"), List.of("value", "seen"));
        LocalDateTime t1 = LocalDateTime.of(2024, 5, 6, 7, 8, 9, 123_456_000);
        update(upsert.sql(), upsert.arrange(new Object[] {7L, "a", new byte[] {1}, t1}));
        update(upsert.sql(), upsert.arrange(new Object[] {7L, "b", new byte[] {2}, t1}));
        update(upsert.sql(), upsert.arrange(new Object[] {7L, "a", new byte[] {3, 4}, t1.plusDays(1)}));
        update(upsert.sql(), upsert.arrange(new Object[] {7L, "b", null, null}));
        String select = "SELECT name, " + q("value") + ", seen FROM " + table.name();
        List<Object[]> rows = query(select + " ORDER BY name");
        assertEquals(2, rows.size());
        assertArrayEquals(new byte[] {3, 4}, (byte[]) rows.get(0)[1]);
        assertEquals(t1.plusDays(1), rows.get(0)[2]);
        assertNull(rows.get(1)[1]);
        assertNull(rows.get(1)[2]);

        Upsert keysOnly = dialect().upsert(table, List.of("grp", "name"), List.of());
        update(keysOnly.sql(), keysOnly.arrange(new Object[] {7L, "a"}));
        update(keysOnly.sql(), keysOnly.arrange(new Object[] {8L, "a"}));
        assertEquals(3, query("SELECT name FROM " + table.name()).size());
        List<Object[]> a = query("SELECT " + q("value") + " FROM " + table.name() + " WHERE grp = 7 AND name = 'a'");
        assertEquals(1, a.size());
        assertArrayEquals(new byte[] {3, 4}, (byte[]) a.get(0)[0], "no value columns: the row is left alone");
    }

    /**
     * Texts that databases are known to change or merge in a key column: NUL, unpaired
     * surrogates, trailing padding, and look-alikes of each.
     */
    private static final List<String> KEY_TEXTS = List.of("bad\u0000key", "a\uD800", "a\uDC00", "a\uDC00\uD800",
            "a?", "a??", "a\uFFFD", "a\uD83D\uDE00", "a", "a ", "a  ", " a", "a\t", "a\u00A0", "", " ", "A",
            "e\u0301", "\u00E9", "\uFEFFa", "a\uFFFF", "x".repeat(254) + " ", "x".repeat(254));

    @Test
    public void keyTextsTheDialectAcceptsAreStoredExactlyAndKeptApart() throws SQLException {
        TableSpec table = TableSpec.builder(table("keys"))
                .column(Column.of("grp", ColumnType.BIGINT).asPrimaryKey())
                .column(Column.of("name", ColumnType.VARCHAR).withSize(255).asPrimaryKey())
                .build();
        create(table);
        Set<String> accepted = new TreeSet<>();
        for (String text : KEY_TEXTS) {
            if (Dialect.portableTextProblem(text).isPresent()) {
                assertTrue(dialect().keyTextProblem(text).isPresent(), "every dialect refuses what is not portable");
            }
            if (dialect().keyTextProblem(text).isPresent()) {
                continue;
            }
            accepted.add(text);
            try {
                update("INSERT INTO " + table.name() + " (grp, name) VALUES (?, ?)", 1L, text);
            } catch (SQLException e) {
                fail(dialect().name() + " accepts the key text " + codes(text) + " but the database refuses it or"
                        + " merges it with another: " + e, e);
            }
        }
        Set<String> stored = new TreeSet<>();
        for (Object[] row : query("SELECT name FROM " + table.name())) {
            stored.add((String) row[0]);
        }
        assertEquals(accepted.stream().map(DialectContract::codes).toList(),
                stored.stream().map(DialectContract::codes).toList(), "every accepted text is stored exactly");
        for (String text : accepted) {
            try (PreparedStatement ps = connection.prepareStatement(
                    "SELECT COUNT(*) FROM " + table.name() + " WHERE grp = ? AND name = ?")) {
                ps.setQueryTimeout(STATEMENT_TIMEOUT);
                dialect().bind(ps, 1, 1L);
                dialect().bind(ps, 2, text);
                try (ResultSet rs = ps.executeQuery()) {
                    assertTrue(rs.next());
                    assertEquals(1, rs.getInt(1), "the key " + codes(text) + " finds itself and no other key");
                }
            }
        }
        assertTrue(accepted.contains("a") && accepted.contains("a?") && accepted.contains("a\uD83D\uDE00"),
                "ordinary texts are accepted");
    }

    /** @return a text as its UTF-16 code units, so that messages show what invisible differences there are */
    private static String codes(String text) {
        StringBuilder out = new StringBuilder("[");
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            out.append(c >= 0x21 && c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "<%04X>", (int) c));
        }
        return out.append(']').toString();
    }

    @Test
    public void trailingSpacesAreSignificantInComparisons() throws SQLException {
        requires(Capability.TRAILING_SPACES_SIGNIFICANT);
        TableSpec table = TableSpec.builder(table("spaces"))
                .column(Column.of("k", ColumnType.VARCHAR).withSize(10).asPrimaryKey())
                .build();
        create(table);
        try {
            update("INSERT INTO " + table.name() + " (k) VALUES (?)", "a");
            update("INSERT INTO " + table.name() + " (k) VALUES (?)", "a ");
        } catch (SQLException e) {
            fail("the database takes 'a ' for 'a': it compares blank-padded, so lacks() must name "
                    + Capability.TRAILING_SPACES_SIGNIFICANT + ": " + e, e);
        }
        try (PreparedStatement ps = connection.prepareStatement(
                "SELECT COUNT(*) FROM " + table.name() + " WHERE k = ?")) {
            ps.setQueryTimeout(STATEMENT_TIMEOUT);
            dialect().bind(ps, 1, "a");
            try (ResultSet rs = ps.executeQuery()) {
                assertTrue(rs.next());
                assertEquals(1, rs.getInt(1), "'a' finds only itself, not 'a '; otherwise lacks() must name "
                        + Capability.TRAILING_SPACES_SIGNIFICANT);
            }
        }
    }

    @Test
    public void aDatabaseThatPadsComparisonsHasADialectThatRefusesKeysEndingInASpace() {
        Assumptions.assumeFalse(has(Capability.TRAILING_SPACES_SIGNIFICANT),
                "applies only where comparisons are blank-padded (lacks() names TRAILING_SPACES_SIGNIFICANT)");
        for (String text : List.of("a ", " ", "a  ", "x".repeat(254) + " ")) {
            assertTrue(dialect().keyTextProblem(text).isPresent(), "comparisons pad, so the dialect's keyTextProblem"
                    + " must refuse " + codes(text) + ", which the database would take for the same key without the"
                    + " trailing spaces");
        }
        assertTrue(dialect().keyTextProblem(" a").isEmpty(), "a leading space is kept: " + codes(" a"));
    }

    /**
     * @param negative whether the negative one
     * @return the largest {@code DECIMAL(31,10)} value, or one of 15 significant digits where the
     *         database lacks {@link Capability#EXACT_DECIMALS}
     */
    private BigDecimal extremeDecimal(boolean negative) {
        BigDecimal extreme = new BigDecimal(has(Capability.EXACT_DECIMALS)
                ? "999999999999999999999.9999999999" : "99999.9999999999");
        return negative ? extreme.negate() : extreme;
    }

    @Test
    public void everyColumnTypeRoundTrips() throws SQLException {
        roundTrip(List.of(
                new Object[] {null, null, null, null, null, null, null, null, null, null},
                new Object[] {false, Integer.MIN_VALUE, Long.MIN_VALUE, -Double.MAX_VALUE,
                        extremeDecimal(true), "", "", new byte[0],
                        LocalDate.of(1900, 1, 1), LocalDateTime.of(1900, 1, 1, 0, 0)},
                new Object[] {true, Integer.MAX_VALUE, Long.MAX_VALUE, Double.MAX_VALUE,
                        extremeDecimal(false), "x".repeat(40),
                        "ünïcødé ✓ 日本語 🎉 ".repeat(100), new byte[] {1, 2, 3},
                        LocalDate.of(9999, 12, 31), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)},
                new Object[] {true, 0, 0L, Double.MIN_VALUE, new BigDecimal("0.0000000001"),
                        "héllo wörld — 日本語 🎉 \"'\\%_", "line\nbreak\ttab", new byte[] {0, -1, 127, -128},
                        LocalDate.of(2024, 2, 29), LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_456_000)}));
    }

    /** Some 190,000 characters of text and a mebibyte of bytes, in the same columns. */
    @Test
    public void largeTextAndBinaryValuesRoundTrip() throws SQLException {
        requires(Capability.LARGE_OBJECTS);
        byte[] mebibyte = new byte[1 << 20];
        new Random(42).nextBytes(mebibyte);
        String longText = "ünïcødé ✓ 日本語 🎉 ".repeat(10_000);
        roundTrip(List.<Object[]>of(new Object[] {true, Integer.MAX_VALUE, Long.MAX_VALUE, Double.MAX_VALUE,
                extremeDecimal(false), "x".repeat(40), longText, mebibyte,
                LocalDate.of(9999, 12, 31), LocalDateTime.of(9999, 12, 31, 23, 59, 59, 999_999_000)}));
    }

    /**
     * Writes rows of every column type with the dialect's {@code bind}, reads them back with its
     * {@code read}, and checks each value, and that text and bytes come back as the classes
     * {@link #readsLobs()} says.
     */
    private void roundTrip(List<Object[]> rows) throws SQLException {
        TableSpec table = TableSpec.builder(table("types"))
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
        create(table);
        String columns = "b, i, l, d, m, s, t, x, dt, ts";
        for (Object[] row : rows) {
            update("INSERT INTO " + table.name() + " (" + columns + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row);
        }
        String select = "SELECT " + columns + " FROM " + table.name() + " ORDER BY id";
        List<Class<?>[]> classes = readClasses(select);
        List<Object[]> back = query(select);
        assertEquals(rows.size(), back.size());
        for (int r = 0; r < rows.size(); r++) {
            Object[] expected = rows.get(r);
            if (expected[0] != null) {
                Class<?>[] read = classes.get(r);
                assertEquals(String.class, read[5], "VARCHAR reads back as String");
                assertTrue((readsLobs() ? Clob.class : String.class).isAssignableFrom(read[6]),
                        "TEXT reads back as " + (readsLobs() ? "a Clob" : "String") + ", not " + read[6]
                        + " (see readsLobs())");
                assertTrue((readsLobs() ? Blob.class : byte[].class).isAssignableFrom(read[7]),
                        "BLOB reads back as " + (readsLobs() ? "a Blob" : "byte[]") + ", not " + read[7]
                        + " (see readsLobs())");
            }
            for (int i = 0; i < expected.length; i++) {
                assertSameValue(expected[i], back.get(r)[i], "column " + (i + 1) + " of row " + r);
            }
        }
    }

    @Test
    public void instantBindsAsTimestamp() throws SQLException {
        String table = table("instants");
        execute("CREATE TABLE " + table + " (ts " + dialect().sqlType(Column.of("ts", ColumnType.TIMESTAMP)) + ")");
        Instant instant = Instant.parse("2024-06-15T10:30:00.123456Z");
        update("INSERT INTO " + table + " (ts) VALUES (?)", instant);
        List<Object[]> rows = query("SELECT ts FROM " + table);
        assertEquals(1, rows.size());
        assertEquals(LocalDateTime.ofInstant(instant, ZoneId.systemDefault()), rows.get(0)[0],
                "an Instant is stored as its date and time in the JVM's zone, as setTimestamp stores a Timestamp");
    }

    @Test
    public void generatedKeys() throws SQLException {
        for (String key : List.of("id", "Key Id")) {
            TableSpec table = TableSpec.builder(table("gen"))
                    .column(Column.identity(key))
                    .column(Column.of("name", ColumnType.VARCHAR).withSize(10))
                    .build();
            create(table);
            String sql = "INSERT INTO " + table.name() + " (name) VALUES (?)";
            List<Long> keys = new ArrayList<>();
            for (String name : List.of("a", "b", "c")) {
                try (PreparedStatement ps = dialect().prepareInsert(connection, sql, key)) {
                    ps.setQueryTimeout(STATEMENT_TIMEOUT);
                    dialect().bind(ps, 1, name);
                    ps.executeUpdate();
                    try (ResultSet rs = ps.getGeneratedKeys()) {
                        assertTrue(rs.next(), "a generated key");
                        keys.add(((Number) rs.getObject(1)).longValue());
                    }
                }
            }
            List<Object[]> stored = query("SELECT " + q(key) + " FROM " + table.name() + " ORDER BY name");
            assertEquals(keys, stored.stream().map(row -> ((Number) row[0]).longValue()).toList());
            assertEquals(3, keys.stream().distinct().count());
        }
    }

    // ------------------------------------------------------------------ helpers

    /** A LOB's content, as the broker detaches it; any other value as it is. */
    private static Object detach(Object value) throws SQLException {
        if (value instanceof Blob blob) {
            return blob.getBytes(1, (int) blob.length());
        } else if (value instanceof Clob clob) {
            return clob.getSubString(1, (int) clob.length());
        }
        return value;
    }

    private static void assertSameValue(Object expected, Object actual, String what) {
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
